import type { AnyProcedure } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { Preference, Profile, ProfileEmail } from '@klub/db';
import { makeEventType, makeProfile, makeUnit } from '@klub/db/testing';
import { verifyPassword } from '@klub/domain';
import { appRouter } from '../../src/routers/index.js';
import { useKlubApp } from '../helpers/klub-app.js';
import { caller, EN, superuser } from './helpers.js';

type Body = Record<string, unknown> & { id?: number };

const hasFrontendEventCreate = 'frontend.events.create' in (appRouter._def.procedures as unknown as Record<string, AnyProcedure>);

describe('/api/admin/profiles/ (operations.md §3)', () => {
  const app = useKlubApp();

  it('creates a user with primary e-mail and telephone, a hashed password, roles and unit membership', async () => {
    const su = await superuser(app);
    const api = caller(app, su.headers);
    const unit = await makeUnit(app.em());
    const res = await api('POST', '/api/admin/profiles/', {
      username: 'jana',
      email: ' Jana@Example.ORG ',
      telephone: '+420 777 123 456',
      password: 'a long secret',
      first_name: 'Jana',
      last_name: 'Nováková',
      roles: ['event_organizer'],
      administrative_units: [unit.id],
    });
    expect(res.status, res.text).toBe(201);
    const body = res.body as Body;
    const id = body.id as number;
    const emailId = (body.emails as Array<{ id: number }>)[0]!.id;
    const phoneId = (body.telephones as Array<{ id: number }>)[0]!.id;
    expect(body).toEqual({
      id,
      kind: 'user',
      username: 'jana',
      email: 'jana@example.org',
      telephone: '+420 777 123 456',
      is_superuser: false,
      is_staff: false,
      is_active: true,
      roles: ['event_organizer'],
      administrative_units: [unit.id],
      administrated_units: [],
      last_login: null,
      date_joined: expect.any(String),
      created: expect.any(String),
      updated: expect.any(String),
      emails: [{ id: emailId, email: 'jana@example.org', is_primary: true, note: null }],
      telephones: [{ id: phoneId, telephone: '+420 777 123 456', is_primary: true, note: '' }],
      addressment: '',
      addressment_on_envelope: '',
      language: 'cs',
      street: '',
      city: '',
      country: 'Česká republika',
      zip_code: '',
      different_correspondence_address: false,
      correspondence_street: '',
      correspondence_city: '',
      correspondence_country: 'Česká republika',
      correspondence_zip_code: '',
      other_support: '',
      profile_text: null,
      club_card_available: false,
      club_card_dispatched: false,
      other_benefits: '',
      note: '',
      title_before: null,
      title_after: null,
      first_name: 'Jana',
      last_name: 'Nováková',
      age_group: null,
      birth_month: null,
      birth_day: null,
      sex: 'unknown',
      nickname: '',
      maiden_name: '',
      name: null,
      type: null,
      crn: null,
      tin: null,
    });
    expect(body.date_joined).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?[+-]\d\d:\d\d$/);

    const em = app.em();
    const stored = await em.findOneOrFail(Profile, id);
    expect(stored.password).not.toContain('a long secret');
    expect((await verifyPassword(stored.password, 'a long secret')).ok).toBe(true);
    expect(await em.count(Preference, { user: id, administrativeUnit: unit.id })).toBe(1);

    const login = await app.api('/api/token/', { method: 'POST', json: { username: 'jana', password: 'a long secret' } });
    expect(login.status).toBe(200);
  });

  it('makes the new e-mail primary (the old one stays secondary) and the newest telephone primary', async () => {
    const su = await superuser(app);
    const api = caller(app, su.headers);
    const created = (await api('POST', '/api/admin/profiles/', { email: 'old@example.org', telephone: '111 222 333' })).body as Body;
    const url = `/api/admin/profiles/${created.id}/`;

    const moved = await api('PATCH', url, { email: 'New@Example.org', telephone: '444 555 666' });
    expect(moved.status, moved.text).toBe(200);
    expect(moved.body).toMatchObject({
      email: 'new@example.org',
      telephone: '444 555 666',
      emails: [
        { email: 'old@example.org', is_primary: false },
        { email: 'new@example.org', is_primary: true },
      ],
      telephones: [
        { telephone: '111 222 333', is_primary: false },
        { telephone: '444 555 666', is_primary: true },
      ],
    });
    expect(await app.em().count(ProfileEmail, { email: 'old@example.org', user: created.id as number })).toBe(1);

    const cleared = await api('PATCH', url, { email: null, telephone: null });
    expect(cleared.body).toMatchObject({
      email: null,
      telephone: null,
      emails: [
        { email: 'old@example.org', is_primary: false },
        { email: 'new@example.org', is_primary: false },
      ],
    });
  });

  it('generates a username from the e-mail when none is given', async () => {
    const su = await superuser(app);
    const api = caller(app, su.headers);
    const res = await api('POST', '/api/admin/profiles/', { email: 'petr@example.org', username: null });
    expect(res.status, res.text).toBe(201);
    expect((res.body as Body).username).toMatch(/^petr\d+$/);
    const company = await api('POST', '/api/admin/profiles/', { kind: 'company', name: 'ACME s.r.o.', crn: '12345678' });
    expect(company.status, company.text).toBe(201);
    expect(company.body).toMatchObject({ kind: 'company', name: 'ACME s.r.o.', crn: '12345678', username: expect.stringMatching(/^\d+$/) });
  });

  it('applies the membership side effects, but an explicit is_active wins', async () => {
    const su = await superuser(app);
    const api = caller(app, su.headers);
    const [u1, u2] = [await makeUnit(app.em()), await makeUnit(app.em())];
    const created = (await api('POST', '/api/admin/profiles/', { email: 'm@example.org', administrative_units: [u1.id, u2.id] })).body as Body;
    const url = `/api/admin/profiles/${created.id}/`;
    expect(created).toMatchObject({ is_active: true, administrative_units: [u1.id, u2.id] });

    const none = await api('PATCH', url, { administrative_units: [] });
    expect(none.body).toMatchObject({ is_active: false, administrative_units: [] });
    expect(await app.em().count(Preference, { user: created.id as number })).toBe(0);

    const again = await api('PATCH', url, { administrative_units: [u2.id] });
    expect(again.body).toMatchObject({ is_active: true, administrative_units: [u2.id] });

    const explicit = await api('PATCH', url, { administrative_units: [], is_active: true });
    expect(explicit.body).toMatchObject({ is_active: true, administrative_units: [] });
  });

  it('answers DRF field errors for taken e-mails and usernames, unknown units, and company fields on a user', async () => {
    const su = await superuser(app);
    const api = caller(app, su.headers);
    await makeProfile(app.em(), { username: 'taken', email: 'taken@example.org' });
    expect(await api('POST', '/api/admin/profiles/', { username: 'taken' })).toEqual(
      expect.objectContaining({ status: 400, body: { username: ['This field must be unique.'] } }),
    );
    expect(await api('POST', '/api/admin/profiles/', { email: 'TAKEN@example.org' })).toEqual(
      expect.objectContaining({ status: 400, body: { email: ['This field must be unique.'] } }),
    );
    expect(await api('POST', '/api/admin/profiles/', { administrative_units: [999] })).toEqual(
      expect.objectContaining({ status: 400, body: { administrative_units: ['Invalid pk "999" - object does not exist.'] } }),
    );
    expect(await api('POST', '/api/admin/profiles/', { name: 'ACME', crn: '1' })).toEqual(
      expect.objectContaining({ status: 400, body: { name: ['Only company profiles have this field.'], crn: ['Only company profiles have this field.'] } }),
    );
    expect(await api('POST', '/api/admin/profiles/', { roles: ['king'], birth_month: 13 })).toEqual(
      expect.objectContaining({
        status: 400,
        body: { roles: ['"king" is not a valid choice.'], birth_month: ['Ensure this value is less than or equal to 12.'] },
      }),
    );
    // Nothing of the failed writes stayed behind.
    expect(await app.em().count(Profile, {})).toBe(2);
  });

  it('never answers or audits a password', async () => {
    const su = await superuser(app);
    const api = caller(app, su.headers);
    const created = await api('POST', '/api/admin/profiles/', { username: 'karel', password: 'first secret 1' });
    const id = (created.body as Body).id as number;
    const changed = await api('PATCH', `/api/admin/profiles/${id}/`, { password: 'second secret 2' });
    const hash = (await app.em().findOneOrFail(Profile, id)).password!;
    const texts = [
      created.text,
      changed.text,
      (await api('GET', `/api/admin/profiles/${id}/`)).text,
      (await api('GET', '/api/admin/profiles/')).text,
      (await api('GET', '/api/admin/audit-log/?resource=profiles')).text,
    ];
    for (const text of texts) {
      expect(text).not.toContain('secret');
      expect(text).not.toContain(hash);
      expect(text).not.toContain('"password"');
    }
    const login = await app.api('/api/token/', { method: 'POST', json: { username: 'karel', password: 'second secret 2' } });
    expect(login.status).toBe(200);
  });

  it.skipIf(!hasFrontendEventCreate)('lets an organizer created here create events through /api/frontend/events/', async () => {
    const su = await superuser(app);
    const api = caller(app, su.headers);
    const type = await makeEventType(app.em());
    const made = await api('POST', '/api/admin/profiles/', {
      username: 'organizer',
      email: 'organizer@example.org',
      password: 'organizer secret 1',
      roles: ['event_organizer'],
    });
    expect(made.status, made.text).toBe(201);
    const token = await app.api('/api/token/', { method: 'POST', json: { username: 'organizer', password: 'organizer secret 1' } });
    const access = (token.body as { access: string }).access;
    const event = await app.api('/api/frontend/events/', {
      method: 'POST',
      headers: { authorization: `Bearer ${access}`, ...EN },
      json: { name: 'Úklid parku', event_type_id: type.id, administrative_units: [type.administrativeUnit.id] },
    });
    expect(event.status, event.text).toBe(201);
    expect(event.body).toMatchObject({ name: 'Úklid parku', event_type_id: type.id, administrative_units: [type.administrativeUnit.id] });

    // Without the role the same person is refused.
    await api('PATCH', `/api/admin/profiles/${(made.body as Body).id}/`, { roles: [] });
    const refused = await app.api('/api/frontend/events/', {
      method: 'POST',
      headers: { authorization: `Bearer ${access}`, ...EN },
      json: { name: 'Again', event_type_id: type.id, administrative_units: [type.administrativeUnit.id] },
    });
    expect(refused.status).toBe(403);
  });
});

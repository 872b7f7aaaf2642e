import { describe, expect, it } from 'vitest';
import { makeEvent, makeProfile, makeUnit } from '@klub/db/testing';
import { useKlubApp } from '../helpers/klub-app.js';
import { caller as adminCaller, superuser } from '../admin/helpers.js';
import { bearer, rows } from '../signups/helpers.js';
import { caller } from './fixture.js';

/**
 * A changed e-mail keeps the person (issue 15 §5): the new address becomes primary, the old one
 * stays as a secondary address, and a later sign-up with either address finds the same profile.
 */
describe('editing a profile e-mail keeps its identity', () => {
  const app = useKlubApp();

  async function signUpAs(email: string): Promise<number> {
    const em = app.em();
    const unit = await makeUnit(em, { name: 'Auto*mat', fromEmailStr: 'Auto*mat <info@automat.cz>' });
    const event = await makeEvent(em, { name: `Cleanup ${email}`, administrativeUnits: [unit] });
    const client = await app.client('read write can_create_userprofile_interaction');
    const res = await app.api('/api/sign_up_for_event/', {
      method: 'POST',
      headers: bearer(client.token),
      json: { email, event: event.id, first_name: 'Jana', last_name: 'Nová' },
    });
    expect(res.status, res.text).toBe(200);
    const [row] = await rows<{ user_id: number }>(app, 'select user_id from interaction where event_id = ?', [
      event.id,
    ]);
    return row!.user_id;
  }
  const emails = (id: number) =>
    rows<{ email: string; is_primary: boolean | null }>(
      app,
      'select email, is_primary from profile_email where user_id = ? order by email',
      [id],
    );
  const profiles = async () => (await rows<{ n: number }>(app, 'select count(*)::int as n from profile'))[0]!.n;

  it('through /api/frontend/edit_userprofile/', async () => {
    const p = await makeProfile(app.em(), { email: 'old@example.org', ageGroup: 1990, birthMonth: 5, birthDay: 4 });
    const org = await caller(app, { roles: ['event_organizer'] });
    const edit = await app.api(`/api/frontend/edit_userprofile/${p.id}/?dob=1990-05-04`, {
      method: 'PATCH',
      headers: org.headers,
      json: { email: 'New@Example.org' },
    });
    expect(edit).toMatchObject({ status: 200, body: { email: 'new@example.org' } });
    expect(await emails(p.id)).toEqual([
      { email: 'new@example.org', is_primary: true },
      { email: 'old@example.org', is_primary: null },
    ]);
    const before = await profiles();
    expect(await signUpAs('old@example.org')).toBe(p.id);
    expect(await signUpAs('NEW@example.org')).toBe(p.id);
    expect(await profiles()).toBe(before);
  });

  it('through the admin API, twice, and back to an earlier address', async () => {
    const su = await superuser(app);
    const api = adminCaller(app, su.headers);
    const created = (await api('POST', '/api/admin/profiles/', { email: 'first@example.org' })).body as { id: number };
    const url = `/api/admin/profiles/${created.id}/`;
    expect((await api('PATCH', url, { email: 'second@example.org' })).status).toBe(200);
    expect((await api('PATCH', url, { email: 'third@example.org' })).body).toMatchObject({
      email: 'third@example.org',
      emails: expect.arrayContaining([
        expect.objectContaining({ email: 'first@example.org', is_primary: false }),
        expect.objectContaining({ email: 'second@example.org', is_primary: false }),
        expect.objectContaining({ email: 'third@example.org', is_primary: true }),
      ]),
    });
    expect((await api('PATCH', url, { email: 'first@example.org' })).body).toMatchObject({
      email: 'first@example.org',
    });
    expect(await emails(created.id)).toEqual([
      { email: 'first@example.org', is_primary: true },
      { email: 'second@example.org', is_primary: null },
      { email: 'third@example.org', is_primary: null },
    ]);
    const before = await profiles();
    for (const address of ['first@example.org', 'second@example.org', 'third@example.org']) {
      expect(await signUpAs(address)).toBe(created.id);
    }
    expect(await profiles()).toBe(before);
  });
});

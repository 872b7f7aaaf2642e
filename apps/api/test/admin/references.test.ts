import { describe, expect, it } from 'vitest';
import { AdministrativeUnit, Payment } from '@klub/db';
import { makeDonorPaymentChannel, makeEvent, makeEventType, makeMoneyAccount, makeProfile, makeUnit } from '@klub/db/testing';
import { useKlubApp } from '../helpers/klub-app.js';
import { caller, superuser } from './helpers.js';

describe('deleting what is still referenced (operations.md §3)', () => {
  const app = useKlubApp();

  it('answers 409 with what refers to a unit, and deletes nothing', async () => {
    const su = await superuser(app);
    const api = caller(app, su.headers);
    const em = app.em();
    const unit = await makeUnit(em);
    const account = await makeMoneyAccount(em, { administrativeUnit: unit });
    await makeEventType(em, { administrativeUnit: unit });
    const event = await makeEvent(em, { administrativeUnits: [unit] });
    const channel = await makeDonorPaymentChannel(em, { vs: '1', moneyAccount: account, event });
    em.create(Payment, { date: '2026-01-01', amount: 100, userDonorPaymentChannel: channel });
    await em.flush();
    const member = await makeProfile(em);
    await api('PATCH', `/api/admin/profiles/${member.id}/`, { administrative_units: [unit.id] });

    const res = await api('DELETE', `/api/admin/administrative-units/${unit.id}/`);
    expect(res).toMatchObject({ status: 409 });
    expect(res.body).toEqual({
      detail: expect.stringMatching(/^Cannot delete this administrative unit: it is still referenced by /),
      referenced_by: [
        { resource: 'donor-payment-channels', field: 'administrative_unit', count: 1 },
        { resource: 'events', field: 'administrative_units', count: 1 },
        { resource: 'event-types', field: 'administrative_unit', count: 1 },
        { resource: 'mailing-consent-change', field: 'administrative_unit', count: 1 },
        { resource: 'money-accounts', field: 'administrative_unit', count: 1 },
        { resource: 'preference', field: 'administrative_unit', count: 1 },
        { resource: 'profiles', field: 'administrative_units', count: 1 },
      ],
    });
    const check = app.em();
    expect(await check.count(AdministrativeUnit, { id: unit.id })).toBe(1);
    expect(await check.count(Payment, {})).toBe(1);
  });

  it('answers 409 for a profile with donations or interactions, but takes its own details along otherwise', async () => {
    const su = await superuser(app);
    const api = caller(app, su.headers);
    const donor = await makeDonorPaymentChannel(app.em(), { vs: '5' });
    expect(await api('DELETE', `/api/admin/profiles/${donor.user.id}/`)).toMatchObject({
      status: 409,
      body: { referenced_by: [{ resource: 'donor-payment-channels', field: 'user', count: 1 }] },
    });
    const unit = await makeUnit(app.em());
    const person = (await api('POST', '/api/admin/profiles/', { email: 'gone@example.org', telephone: '123 456 789', administrative_units: [unit.id], roles: ['event_organizer'] }))
      .body as { id: number };
    expect(await api('DELETE', `/api/admin/profiles/${person.id}/`)).toMatchObject({ status: 204 });
    const left = await app.em().getConnection().execute(
      'select (select count(*) from profile_email where user_id = ?)::int as e, (select count(*) from preference where user_id = ?)::int as p',
      [person.id, person.id],
    );
    expect(left).toEqual([{ e: 0, p: 0 }]);
  });

  it('answers 409 for an interaction category that still has types', async () => {
    const su = await superuser(app);
    const api = caller(app, su.headers);
    const category = (await api('GET', '/api/admin/interaction-categories/?search=event_interaction')).body as { results: Array<{ id: number }> };
    const res = await api('DELETE', `/api/admin/interaction-categories/${category.results[0]!.id}/`);
    expect(res).toMatchObject({ status: 409, body: { referenced_by: [{ resource: 'interaction-types', field: 'category', count: 2 }] } });
  });
});

import { describe, expect, it } from 'vitest';
import { makeDonorPaymentChannel, makePayment, makeProfile } from '@klub/db/testing';
import { caller, superuser } from '../admin/helpers.js';
import { useKlubApp } from '../helpers/klub-app.js';
import { rows } from '../signups/helpers.js';

/** Issue 22: the retention rule lists candidates for erasure; it erases nothing. */
describe('GET /api/admin/profiles/retention-candidates/', () => {
  const app = useKlubApp({ RETENTION_INACTIVE_YEARS: '5' });

  it('lists people with no payment, interaction or sign-in for N years (setting or ?years=), oldest first, and erases nothing', async () => {
    const em = app.em();
    const old = new Date('2015-03-01T10:00:00Z');
    const dormant = await makeProfile(em, { dateJoined: old, created: old, lastLogin: old });
    const payer = await makeProfile(em, { dateJoined: old, created: old });
    const channel = await makeDonorPaymentChannel(em, { user: payer, vs: '77' });
    await makePayment(em, { userDonorPaymentChannel: channel, amount: 100, date: '2024-01-10' });
    await makeProfile(em, {}); // joined now
    const su = await superuser(app);
    const api = caller(app, su.headers);
    // Staff (the caller) are never candidates.
    const [{ n: before }] = (await rows<{ n: number }>(app, 'select count(*)::int as n from profile')) as [{ n: number }];

    const byDefault = await api('GET', '/api/admin/profiles/retention-candidates/');
    expect(byDefault.status).toBe(200);
    expect(byDefault.body).toMatchObject({ count: 1, results: [{ id: dormant.id, kind: 'user' }] });
    expect((byDefault.body as { results: Array<{ last_activity: string }> }).results[0]!.last_activity).toMatch(/^2015-03-01T/);

    const shorter = await api('GET', '/api/admin/profiles/retention-candidates/?years=1');
    expect((shorter.body as { results: Array<{ id: number }> }).results.map((r) => r.id)).toEqual([dormant.id, payer.id]);
    expect((await api('GET', '/api/admin/profiles/retention-candidates/?years=1&page_size=1')).body).toMatchObject({ count: 2 });

    const bad = await api('GET', '/api/admin/profiles/retention-candidates/?years=zero');
    expect(bad.status).toBe(400);
    expect(bad.body).toHaveProperty('years');
    expect(await rows(app, 'select count(*)::int as n from profile')).toEqual([{ n: before }]);
  });
});

import { describe, expect, it } from 'vitest';
import { makeDonorPaymentChannel, makePayment, makeProfile, makeUnit } from '@klub/db/testing';
import { addUnitsToProfile } from '@klub/domain';
import { caller, EN, superuser } from '../admin/helpers.js';
import { useKlubApp } from '../helpers/klub-app.js';
import { bearer, rows } from '../signups/helpers.js';

/** Issue 22: the retention rule lists candidates for erasure; it erases nothing. */
describe('GET /api/admin/profiles/retention-candidates/', () => {
  const app = useKlubApp({ RETENTION_INACTIVE_YEARS: '5' });

  it('lists people with no payment, interaction or sign-in for N years (setting or ?years=), oldest first, and erases nothing', async () => {
    const em = app.em();
    const old = new Date('2015-03-01T10:00:00Z');
    const dormant = await makeProfile(em, { firstName: 'Spící', lastName: 'Dárkyně', email: 'spici@example.org', dateJoined: old, created: old, lastLogin: old });
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
    expect(byDefault.body).toMatchObject({ count: 1, results: [{ id: dormant.id, kind: 'user', name: 'Spící Dárkyně', email: 'spici@example.org' }] });
    expect((byDefault.body as { results: Array<{ last_activity: string }> }).results[0]!.last_activity).toMatch(/^2015-03-01T/);

    const shorter = await api('GET', '/api/admin/profiles/retention-candidates/?years=1');
    expect((shorter.body as { results: Array<{ id: number }> }).results.map((r) => r.id)).toEqual([dormant.id, payer.id]);
    expect((await api('GET', '/api/admin/profiles/retention-candidates/?years=1&page_size=1')).body).toMatchObject({ count: 2 });

    const bad = await api('GET', '/api/admin/profiles/retention-candidates/?years=zero');
    expect(bad.status).toBe(400);
    expect(bad.body).toHaveProperty('years');
    expect(await rows(app, 'select count(*)::int as n from profile')).toEqual([{ n: before }]);
  });

  it('shows unit staff the people of their units only, organisation staff and superusers everyone (issue 17 §1)', async () => {
    const em = app.em();
    const old = new Date('2012-01-01T10:00:00Z');
    const [unitA, unitB] = [await makeUnit(em, { name: 'alphamark unit' }), await makeUnit(em, { name: 'bravomark unit' })];
    const person = async (unitIds: number[], name: string) => {
      const p = await makeProfile(em, { firstName: name, lastName: name, dateJoined: old, created: old });
      await addUnitsToProfile(em, p.id, unitIds, { source: 'staff', actorId: null });
      return p.id;
    };
    const a = await person([unitA.id], 'alphamark');
    const b = await person([unitB.id], 'bravomark');
    const both = await person([unitA.id, unitB.id], 'bothmark');
    const none = await person([], 'nomark');

    const su = await superuser(app);
    const org = await app.user({ username: 'org-staff', isStaff: true, roles: ['edit_all_units'] });
    const staffA = await app.user({ username: 'unit-a-staff', isStaff: true });
    const staffB = await app.user({ username: 'unit-b-staff', isStaff: true });
    const plain = await app.user({ username: 'plain-user' });
    await rows(app, 'insert into profile_administrated_units (profile_id, administrative_unit_id) values (?, ?), (?, ?)', [staffA.id, unitA.id, staffB.id, unitB.id]);

    const listed = async (headers: Record<string, string>) => {
      const res = await app.api('/api/admin/profiles/retention-candidates/?page_size=100', { headers: { ...EN, ...headers } });
      return { status: res.status, text: res.text, body: res.body as { count: number; results: Array<{ id: number }> } };
    };
    const seen = async (headers: Record<string, string>) => {
      const res = await listed(headers);
      expect(res.status, res.text).toBe(200);
      expect(res.body.count).toBe(res.body.results.length);
      return res.body.results.map((r) => r.id).sort((x, y) => x - y);
    };
    const sorted = (...ids: number[]) => ids.sort((x, y) => x - y);
    expect(await seen(su.headers)).toEqual(sorted(a, b, both, none));
    expect(await seen(bearer(org.access))).toEqual(sorted(a, b, both, none));
    expect(await seen(bearer(staffA.access))).toEqual(sorted(a, both));
    expect(await seen(bearer(staffB.access))).toEqual(sorted(b, both));
    // Never a byte of the other unit's people.
    expect((await listed(bearer(staffA.access))).text).not.toContain('bravomark');
    expect((await listed(bearer(plain.access))).status).toBe(403);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pragueToday } from '@klub/contracts';
import { makeDonorPaymentChannel, makePayment } from '@klub/db/testing';
import { addDays } from '@klub/domain';
import { ActorUserLoader } from '../../src/auth/actor-users.js';
import { useKlubApp } from '../helpers/klub-app.js';
import { bearer } from '../signups/helpers.js';

/**
 * The user behind a token is looked up for every authenticated request; lookups made while one is
 * in flight share the next statement. Each request must still get its own user, read after it
 * asked, and a cached answer must depend on its user whichever request ran the lookup.
 */
describe('coalesced user lookups', () => {
  const app = useKlubApp({ SUM_LAST_MONTH_PAYMENTS: '100', SUM_LAST_YEAR_PAYMENTS: '3000' });
  let lookups = 0;
  const count = (q: { sql?: unknown }) => {
    if (typeof q.sql === 'string' && q.sql.startsWith('select p.id, p.username')) lookups += 1;
  };
  beforeAll(() => {
    app.em().getConnection().getKnex().on('query', count);
  });
  afterAll(() => {
    app.em().getConnection().getKnex().off('query', count);
  });

  const users = (n: number) => Promise.all(Array.from({ length: n }, () => app.user()));

  it('answers 20 simultaneous requests of 20 users each as its own user', async () => {
    const all = await users(20);
    const em = app.em();
    // Every other user paid 3 days ago: check_last_payment answers 200 for them, 404 for the rest.
    for (const [i, u] of all.entries()) {
      if (i % 2) continue;
      const channel = await makeDonorPaymentChannel(em, { vs: `77700${i}`, user: u.id as never });
      await makePayment(em, { userDonorPaymentChannel: channel, amount: 100, date: addDays(pragueToday(), -3) });
    }
    const statuses = await Promise.all(
      all.map((u) => app.api('/api/check_last_payment/', { headers: bearer(u.access) }).then((r) => r.status)),
    );
    expect(statuses).toEqual(all.map((_, i) => (i % 2 ? 404 : 200)));
  });

  // How many requests overlap over HTTP depends on timing; the loader itself is asked directly.
  it('looks up the first user at once and the 19 asked meanwhile in one more statement', async () => {
    const all = await users(20);
    const loader = new ActorUserLoader();
    lookups = 0;
    const rows = await Promise.all(all.map((u) => loader.byId(app.em(), u.id)));
    expect(rows.map((r) => r?.username)).toEqual(all.map((u) => u.username));
    expect(lookups).toBe(2);
    expect(await loader.byId(app.em(), 999_999)).toBeUndefined();
  });

  it('drops cached answers of users deactivated afterwards, whichever request looked them up', async () => {
    const all = await users(12);
    const list = () =>
      Promise.all(all.map((u) => app.api('/api/event/', { headers: bearer(u.access) }).then((r) => r.status)));
    expect(await list()).toEqual(all.map(() => 200));
    // Kept: asked again, no lookup at all.
    lookups = 0;
    expect(await list()).toEqual(all.map(() => 200));
    expect(lookups).toBe(0);

    await app
      .em()
      .getConnection()
      .execute('update profile set is_active = false where id in (?)', [all.map((u) => u.id)]);
    expect(await list()).toEqual(all.map(() => 403));
  });
});

import { describe, expect, it } from 'vitest';
import { paymentsCheck } from '@klub/contracts';
import { execute, makeDonorPaymentChannel, makePayment } from '@klub/db/testing';
import { createQueues, closeQueues } from '../../src/queues.js';
import { registerSchedulers } from '../../src/runtime.js';
import { REDIS_URL, useHarness } from '../helpers/harness.js';

describe('payments.check (jobs.md §5.2, operations.md §4)', () => {
  const h = useHarness('payments-check');

  it('recomputes the channels and records the newly late ones', async () => {
    const em = h.orm.em.fork();
    const late = await makeDonorPaymentChannel(em, { vs: '1' });
    await makePayment(em, { date: '2000-01-01', userDonorPaymentChannel: late });
    const fine = await makeDonorPaymentChannel(em, { vs: '2' });
    await makePayment(em, { userDonorPaymentChannel: fine });
    h.start();
    const job = await h.queues.payments.add(paymentsCheck.name, { requestedBy: null });
    expect(await job.waitUntilFinished(h.events.payments, 15_000)).toEqual({
      updated: 2,
      becameLate: 1,
      becameCurrent: 0,
    });
    const rows = await execute(em, 'select id, is_late from donor_payment_channel order by id');
    expect(rows).toEqual([
      { id: late.id, is_late: true },
      { id: fine.id, is_late: false },
    ]);
  });

  it('registers each scheduler once however many workers start, in Europe/Prague', async () => {
    const others = [
      createQueues(REDIS_URL, h.prefix),
      createQueues(REDIS_URL, h.prefix),
      createQueues(REDIS_URL, h.prefix),
    ];
    try {
      const env = { DARUJME_ENABLED: true, TZ_BUSINESS: 'Europe/Prague' };
      await Promise.all([h.queues, ...others].map((q) => registerSchedulers(q, env)));
      await registerSchedulers(h.queues, env);
      const schedulers = await h.queues.payments.getJobSchedulers();
      expect(schedulers.map((s) => [s.key, s.name, s.pattern, s.tz]).sort()).toEqual([
        ['payments-check-nightly', 'payments.check', '0 3 * * *', 'Europe/Prague'],
        ['payments-darujme-sync-daily', 'payments.darujme-sync', '28 3 * * *', 'Europe/Prague'],
      ]);
      expect(await h.queues.payments.getDelayedCount()).toBe(2); // one next run each
      // Turning Darujme off removes its scheduler at the next boot.
      await registerSchedulers(h.queues, { ...env, DARUJME_ENABLED: false });
      expect((await h.queues.payments.getJobSchedulers()).map((s) => s.key)).toEqual(['payments-check-nightly']);
    } finally {
      await Promise.all(others.map((q) => closeQueues(q)));
    }
  });
});

import { describe, expect, it } from 'vitest';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { RegularFrequency, RegularPayments } from '@klub/contracts';
import { makeDonorPaymentChannel, makeMoneyAccount, makePayment } from '@klub/db/testing';
import { checkPayments } from '../../src/index.js';
import { execute } from '../../src/sql.js';
import { usePaymentsDatabase } from './db.js';

const TODAY = '2024-06-30';
const daysBefore = (n: number) =>
  new Date(Date.parse(`${TODAY}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);

describe('checkPayments (jobs.md §5.2, domain.md §3.3.2)', () => {
  const db = usePaymentsDatabase();
  let vs = 0;

  async function channel(
    em: EntityManager,
    opts: {
      frequency?: RegularFrequency | null;
      regular?: RegularPayments;
      firstPayment?: string | null;
      registered?: string;
      payments?: Array<{ daysAgo: number; amount?: number; type?: 'bank-transfer' | 'cash' | 'expected' }>;
    },
  ) {
    vs += 1;
    const c = await makeDonorPaymentChannel(em, {
      vs: String(vs),
      regularFrequency: opts.frequency === undefined ? 'monthly' : opts.frequency,
      regularPayments: opts.regular ?? 'regular',
      expectedDateOfFirstPayment: opts.firstPayment ?? null,
      registeredSupport: new Date(`${opts.registered ?? '2020-01-01'}T12:00:00+01:00`),
      moneyAccount: await makeMoneyAccount(em),
    });
    for (const p of opts.payments ?? []) {
      await makePayment(em, {
        date: daysBefore(p.daysAgo),
        amount: p.amount ?? 100,
        type: p.type ?? 'bank-transfer',
        userDonorPaymentChannel: c,
      });
    }
    return c.id;
  }

  async function state(em: EntityManager, id: number) {
    const [row] = await execute<Array<Record<string, unknown>>>(
      em,
      `select expected_regular_payment_date::text as expected, is_late, number_of_payments, payment_total,
              last_payment_id from donor_payment_channel where id = ?`,
      [id],
    );
    return row!;
  }

  it('allows each frequency its period plus 10 days since the last payment, and no day more', async () => {
    const em = db.orm().em.fork();
    const cases: Array<[RegularFrequency, number]> = [
      ['monthly', 41],
      ['quaterly', 102],
      ['biannually', 193],
      ['annually', 376],
    ];
    const ids: Record<string, number> = {};
    for (const [frequency, limit] of cases) {
      ids[`${frequency}-ok`] = await channel(em, { frequency, payments: [{ daysAgo: limit }] });
      ids[`${frequency}-late`] = await channel(em, { frequency, payments: [{ daysAgo: limit + 1 }] });
    }
    await checkPayments(em, { today: TODAY });
    for (const [frequency] of cases) {
      expect(await state(em, ids[`${frequency}-ok`]!)).toMatchObject({ is_late: false, expected: daysBefore(10) });
      expect(await state(em, ids[`${frequency}-late`]!)).toMatchObject({ is_late: true, expected: daysBefore(11) });
    }
  });

  it('counts the latest payment of any type and stores count, total and last payment', async () => {
    const em = db.orm().em.fork();
    const id = await channel(em, {
      payments: [
        { daysAgo: 100, amount: 200 },
        { daysAgo: 5, amount: 50, type: 'cash' },
        { daysAgo: 60, amount: 300, type: 'expected' },
      ],
    });
    await checkPayments(em, { today: TODAY });
    const [last] = await execute<Array<{ id: number }>>(em, 'select id from payment where date = ?', [daysBefore(5)]);
    expect(await state(em, id)).toEqual({
      expected: daysBefore(5 - 31),
      is_late: false,
      number_of_payments: 3,
      payment_total: 550,
      last_payment_id: last!.id,
    });
  });

  it('uses the first-payment rules when there is no payment yet', async () => {
    const em = db.orm().em.fork();
    // expected first payment + 3 days, then the 10-day tolerance
    const dueOk = await channel(em, { firstPayment: daysBefore(13) });
    const dueLate = await channel(em, { firstPayment: daysBefore(14) });
    // no first-payment date: registered support + 31 days
    const regOk = await channel(em, { firstPayment: null, registered: daysBefore(41) });
    const regLate = await channel(em, { firstPayment: null, registered: daysBefore(42) });
    // the frequency does not matter before the first payment, even when unknown
    const unknownFreq = await channel(em, { frequency: null, firstPayment: daysBefore(30) });
    await checkPayments(em, { today: TODAY });
    expect(await state(em, dueOk)).toMatchObject({
      expected: daysBefore(10),
      is_late: false,
      number_of_payments: 0,
      payment_total: 0,
    });
    expect(await state(em, dueLate)).toMatchObject({ expected: daysBefore(11), is_late: true });
    expect(await state(em, regOk)).toMatchObject({ expected: daysBefore(10), is_late: false });
    expect(await state(em, regLate)).toMatchObject({ is_late: true });
    expect(await state(em, unknownFreq)).toMatchObject({ expected: daysBefore(27), is_late: true });
  });

  it('lets a later expected first payment win over the last payment + period', async () => {
    const em = db.orm().em.fork();
    const id = await channel(em, { firstPayment: '2024-09-01', payments: [{ daysAgo: 200 }] });
    await checkPayments(em, { today: TODAY });
    expect(await state(em, id)).toMatchObject({ expected: '2024-09-01', is_late: false });
  });

  it('has no expectation for one-time and promised support, or an unknown frequency after a payment', async () => {
    const em = db.orm().em.fork();
    const onetime = await channel(em, { regular: 'onetime', payments: [{ daysAgo: 400 }] });
    const promise = await channel(em, { regular: 'promise' });
    const unknown = await channel(em, { frequency: null, payments: [{ daysAgo: 400 }] });
    await checkPayments(em, { today: TODAY });
    for (const id of [onetime, promise, unknown])
      expect(await state(em, id)).toMatchObject({ expected: null, is_late: null });
  });

  it('records who became late and who came back to current, once', async () => {
    const em = db.orm().em.fork();
    const goesLate = await channel(em, { payments: [{ daysAgo: 30 }] });
    const staysFine = await channel(em, { payments: [{ daysAgo: 1 }] });
    expect(await checkPayments(em, { today: TODAY })).toMatchObject({ becameLate: 0, becameCurrent: 0 });
    // 20 days later the first channel is 50 days behind.
    const later = '2024-07-20';
    expect(await checkPayments(em, { today: later })).toMatchObject({ becameLate: 1, becameCurrent: 0 });
    expect(await checkPayments(em, { today: later })).toMatchObject({ updated: 0, becameLate: 0, becameCurrent: 0 });
    await makePayment(em, {
      date: '2024-07-19',
      userDonorPaymentChannel: em.getReference('DonorPaymentChannel', goesLate) as never,
    });
    expect(await checkPayments(em, { today: later })).toMatchObject({ becameLate: 0, becameCurrent: 1 });
    const changes = await execute<Array<{ channel: number; state: string; expected: string }>>(
      em,
      `select donor_payment_channel_id as channel, state, expected_regular_payment_date::text as expected
         from payment_status_change order by id`,
    );
    expect(changes).toEqual([
      { channel: goesLate, state: 'late', expected: daysBefore(30 - 31) },
      { channel: goesLate, state: 'current', expected: '2024-08-19' },
    ]);
    expect(changes.some((c) => c.channel === staysFine)).toBe(false);
  });

  it('limits the work to the given channels', async () => {
    const em = db.orm().em.fork();
    const a = await channel(em, { payments: [{ daysAgo: 100 }] });
    const b = await channel(em, { payments: [{ daysAgo: 100 }] });
    expect(await checkPayments(em, { today: TODAY, scope: { kind: 'channels', ids: [a] } })).toMatchObject({
      updated: 1,
      becameLate: 1,
    });
    expect(await state(em, b)).toMatchObject({ is_late: null, expected: null });
  });
});

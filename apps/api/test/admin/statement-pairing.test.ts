import { describe, expect, it } from 'vitest';
import { AccountStatement } from '@klub/db';
import { makeDonorPaymentChannel, makeMoneyAccount, makePayment, makeUnit } from '@klub/db/testing';
import { useKlubApp } from '../helpers/klub-app.js';
import { caller, superuser } from './helpers.js';

describe('the pairing of a statement (issue 18: unpaired payments, re-run)', () => {
  const app = useKlubApp();

  it('lists the unpaired payments, pairs them again once the channel exists, and recomputes the totals', async () => {
    const api = caller(app, (await superuser(app)).headers);
    const em = app.em();
    const unit = await makeUnit(em);
    const account = await makeMoneyAccount(em, { administrativeUnit: unit });
    const statement = em.create(AccountStatement, {
      type: 'account',
      administrativeUnit: unit,
      status: 'done',
      progress: 100,
      paymentsTotal: 2,
      paymentsPaired: 0,
      pairLog: '1 řádků už bylo importováno dříve, přeskočeno (1 lines already imported, skipped)\n x  => old\n',
    });
    await em.flush();
    const lone = await makePayment(em, { accountStatement: statement, vs: '555', amount: 700, accountName: 'Nováková Jana' });
    const stray = await makePayment(em, { accountStatement: statement, vs: '999', amount: 50, accountName: 'Nikdo' });

    const before = await api('GET', `/api/admin/account-statements/${statement.id}/unpaired-payments/`);
    expect(before.status, before.text).toBe(200);
    expect((before.body as { results: Array<{ id: number }> }).results.map((p) => p.id)).toEqual([lone.id, stray.id]);

    // The channel the staff member adds afterwards; its VS has leading zeros the bank dropped.
    const channel = await makeDonorPaymentChannel(em, { vs: '0555', moneyAccount: account });
    const run = await api('POST', `/api/admin/account-statements/${statement.id}/pair/`, {});
    expect(run.status, run.text).toBe(200);
    expect(run.body).toMatchObject({ considered: 2, paired: 1, statement: { payments_paired: 1 } });
    const log = (run.body as { statement: { pair_log: string } }).statement.pair_log;
    expect(log).toMatch(/^1 řádků už bylo importováno dříve/);
    expect(log).toContain(' Nikdo  => ');
    expect(log).not.toContain('Nováková');

    const after = await api('GET', `/api/admin/account-statements/${statement.id}/unpaired-payments/`);
    expect((after.body as { results: Array<{ id: number }> }).results.map((p) => p.id)).toEqual([stray.id]);
    const paired = await api('GET', `/api/admin/donor-payment-channels/${channel.id}/`);
    expect(paired.body).toMatchObject({ payment_total: 700, number_of_payments: 1, last_payment: lone.id });
  });

  it('answers 404 for a statement that does not exist', async () => {
    const api = caller(app, (await superuser(app)).headers);
    expect((await api('POST', '/api/admin/account-statements/999999/pair/', {})).status).toBe(404);
    expect((await api('GET', '/api/admin/account-statements/999999/unpaired-payments/')).status).toBe(404);
  });

  it('filters channels by lateness, frequency and amount range', async () => {
    const api = caller(app, (await superuser(app)).headers);
    const em = app.em();
    const late = await makeDonorPaymentChannel(em, { vs: '7001', isLate: true, regularFrequency: 'monthly' });
    await makeDonorPaymentChannel(em, { vs: '7002', isLate: false, regularFrequency: 'annually' });
    const res = await api('GET', '/api/admin/donor-payment-channels/?is_late=true&regular_frequency=monthly');
    expect(res.status, res.text).toBe(200);
    expect((res.body as { results: Array<{ id: number }> }).results.map((c) => c.id)).toEqual([late.id]);
    const big = await makeDonorPaymentChannel(em, { vs: '7003', regularAmount: 5000 });
    const range = await api('GET', '/api/admin/donor-payment-channels/?regular_amount_min=1000&regular_amount_max=5000');
    expect((range.body as { results: Array<{ id: number }> }).results.map((c) => c.id)).toEqual([big.id]);
    const below = await api('GET', '/api/admin/donor-payment-channels/?regular_amount_max=4999&search=7003');
    expect((below.body as { count: number }).count).toBe(0);
    const bad = await api('GET', '/api/admin/donor-payment-channels/?regular_amount_min=lots');
    expect(bad.status).toBe(400);
    expect(bad.body).toHaveProperty('regular_amount_min');
  });
});

describe('pairing a payment by hand (issue 18)', () => {
  const app = useKlubApp();

  it("recounts the statement's paired payments and the channel's total", async () => {
    const api = caller(app, (await superuser(app)).headers);
    const em = app.em();
    const statement = em.create(AccountStatement, { type: 'account', status: 'done', progress: 100, paymentsTotal: 1, paymentsPaired: 0 });
    await em.flush();
    const payment = await makePayment(em, { accountStatement: statement, vs: '1', amount: 320 });
    const channel = await makeDonorPaymentChannel(em, { vs: '8001' });

    const res = await api('PATCH', `/api/admin/payments/${payment.id}/`, { user_donor_payment_channel: channel.id });
    expect(res.status, res.text).toBe(200);
    expect((await api('GET', `/api/admin/account-statements/${statement.id}/`)).body).toMatchObject({ payments_total: 1, payments_paired: 1 });
    expect((await api('GET', `/api/admin/donor-payment-channels/${channel.id}/`)).body).toMatchObject({ payment_total: 320 });

    await api('PATCH', `/api/admin/payments/${payment.id}/`, { user_donor_payment_channel: null });
    expect((await api('GET', `/api/admin/account-statements/${statement.id}/`)).body).toMatchObject({ payments_paired: 0 });
  });
});

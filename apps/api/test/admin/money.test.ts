import { describe, expect, it } from 'vitest';
import { MoneyAccount } from '@klub/db';
import { makeDonorPaymentChannel, makeEvent, makeMoneyAccount, makeProfile, makeUnit } from '@klub/db/testing';
import { useKlubApp } from '../helpers/klub-app.js';
import { caller, superuser } from './helpers.js';

type Body = Record<string, unknown> & { id?: number };

describe('/api/admin/money-accounts/ (domain.md §3.1)', () => {
  const app = useKlubApp();

  it('creates a bank account with a slug and a Darujme account whose API secret is write-only', async () => {
    const su = await superuser(app);
    const api = caller(app, su.headers);
    const unit = await makeUnit(app.em());
    const event = await makeEvent(app.em());

    const bank = await api('POST', '/api/admin/money-accounts/', {
      kind: 'bank',
      administrative_unit: unit.id,
      slug: 'obecne_darujme',
      bank_account_number: '2400063333/2010',
    });
    expect(bank).toMatchObject({ status: 201 });
    expect(bank.body).toEqual({
      id: expect.any(Number),
      kind: 'bank',
      administrative_unit: unit.id,
      slug: 'obecne_darujme',
      note: null,
      bank_account: null,
      bank_account_number: '2400063333/2010',
      project_name: null,
      project_id: null,
      api_id: null,
      api_organization_id: null,
      event: null,
      is_active: true,
    });

    const darujme = await api('POST', '/api/admin/money-accounts/', {
      kind: 'api',
      administrative_unit: unit.id,
      project_name: 'Zelená města',
      event: event.id,
      api_id: 7,
      api_secret: 'darujme-secret-xyz',
    });
    expect(darujme.status, darujme.text).toBe(201);
    expect(darujme.text).not.toContain('darujme-secret-xyz');
    expect(darujme.body).not.toHaveProperty('api_secret');
    const stored = await app.em().findOneOrFail(MoneyAccount, (darujme.body as Body).id as number);
    expect(stored.apiSecret).toBe('darujme-secret-xyz');
    const audit = await api('GET', '/api/admin/audit-log/?resource=money-accounts');
    expect(audit.text).not.toContain('darujme-secret-xyz');
  });

  it('requires the columns of each kind and a free slug', async () => {
    const su = await superuser(app);
    const api = caller(app, su.headers);
    const unit = await makeUnit(app.em());
    await makeMoneyAccount(app.em(), { slug: 'taken', administrativeUnit: unit });
    expect(await api('POST', '/api/admin/money-accounts/', { kind: 'bank', administrative_unit: unit.id })).toMatchObject({
      status: 400,
      body: { bank_account_number: ['This field is required.'] },
    });
    expect(await api('POST', '/api/admin/money-accounts/', { kind: 'api', administrative_unit: unit.id })).toMatchObject({
      status: 400,
      body: { project_name: ['This field is required.'], event: ['This field is required.'] },
    });
    expect(
      await api('POST', '/api/admin/money-accounts/', { kind: 'bank', administrative_unit: unit.id, bank_account_number: '1/0100', slug: 'taken' }),
    ).toMatchObject({ status: 400, body: { slug: ['This field must be unique.'] } });
    expect(await api('POST', '/api/admin/money-accounts/', { kind: 'cash', administrative_unit: 999 })).toMatchObject({
      status: 400,
      body: { kind: ['"cash" is not a valid choice.'] },
    });
  });
});

describe('/api/admin/donor-payment-channels/ (domain.md §3.3)', () => {
  const app = useKlubApp();

  it('generates the VS when blank, with and without the event prefix, unique in the unit', async () => {
    const su = await superuser(app);
    const api = caller(app, su.headers);
    const unit = await makeUnit(app.em());
    const account = await makeMoneyAccount(app.em(), { administrativeUnit: unit });
    const plain = await makeEvent(app.em());
    const prefixed = await makeEvent(app.em(), { variableSymbolPrefix: 12345 });
    const [p1, p2, p3] = [await makeProfile(app.em()), await makeProfile(app.em()), await makeProfile(app.em())];

    const first = await api('POST', '/api/admin/donor-payment-channels/', { user: p1.id, event: plain.id, money_account: account.id });
    expect(first.status, first.text).toBe(201);
    expect(first.body).toMatchObject({ VS: '0000000001', administrative_unit: unit.id, regular_payments: 'regular', SS: null });
    const second = await api('POST', '/api/admin/donor-payment-channels/', { user: p2.id, event: plain.id, money_account: account.id, VS: '' });
    expect(second.body).toMatchObject({ VS: '0000000002' });
    const withPrefix = await api('POST', '/api/admin/donor-payment-channels/', { user: p3.id, event: prefixed.id, money_account: account.id });
    expect(withPrefix.body).toMatchObject({ VS: '1234500001' });

    // A given VS is kept, unless another channel of the unit has it.
    expect(await api('POST', '/api/admin/donor-payment-channels/', { user: p3.id, event: plain.id, money_account: account.id, VS: '0000000002' })).toMatchObject({
      status: 400,
      body: { VS: ['Duplicate VS'] },
    });
    expect(await api('POST', '/api/admin/donor-payment-channels/', { user: p1.id, event: plain.id, money_account: account.id, VS: '777' })).toMatchObject({
      status: 400,
      body: { non_field_errors: ['The fields user, event must make a unique set.'] },
    });
    const own = await api('PATCH', `/api/admin/donor-payment-channels/${(first.body as Body).id}/`, { VS: '777' });
    expect(own.body).toMatchObject({ VS: '777' });
  });

  it('refuses to delete a channel with payments, and deletes one without', async () => {
    const su = await superuser(app);
    const api = caller(app, su.headers);
    const channel = await makeDonorPaymentChannel(app.em(), { vs: '42' });
    const payment = await api('POST', '/api/admin/payments/', { date: '2026-02-01', amount: 300, type: 'bank-transfer', user_donor_payment_channel: channel.id, VS: '42' });
    expect(payment.status, payment.text).toBe(201);
    const refused = await api('DELETE', `/api/admin/donor-payment-channels/${channel.id}/`);
    expect(refused).toMatchObject({
      status: 409,
      body: { referenced_by: [{ resource: 'payments', field: 'user_donor_payment_channel', count: 1 }] },
    });
    expect(await api('DELETE', `/api/admin/payments/${(payment.body as Body).id}/`)).toMatchObject({ status: 204 });
    expect(await api('DELETE', `/api/admin/donor-payment-channels/${channel.id}/`)).toMatchObject({ status: 204 });
  });
});

describe('/api/admin/payments/ (domain.md §3.4)', () => {
  const app = useKlubApp();

  it("keeps the channels' payment aggregates up to date when payments are added, moved and deleted", async () => {
    const su = await superuser(app);
    const api = caller(app, su.headers);
    const [a, b] = [await makeDonorPaymentChannel(app.em(), { vs: '1' }), await makeDonorPaymentChannel(app.em(), { vs: '2' })];
    const channel = async (id: number) => (await api('GET', `/api/admin/donor-payment-channels/${id}/`)).body as Body;

    const p1 = (await api('POST', '/api/admin/payments/', { date: '2026-01-10', amount: 100, user_donor_payment_channel: a.id })).body as Body;
    const p2 = (await api('POST', '/api/admin/payments/', { date: '2026-02-10', amount: 150, user_donor_payment_channel: a.id })).body as Body;
    expect(await channel(a.id)).toMatchObject({ number_of_payments: 2, payment_total: 250, last_payment: p2.id });

    await api('PATCH', `/api/admin/payments/${p2.id}/`, { user_donor_payment_channel: b.id });
    expect(await channel(a.id)).toMatchObject({ number_of_payments: 1, payment_total: 100, last_payment: p1.id });
    expect(await channel(b.id)).toMatchObject({ number_of_payments: 1, payment_total: 150, last_payment: p2.id });

    await api('DELETE', `/api/admin/payments/${p1.id}/`);
    expect(await channel(a.id)).toMatchObject({ number_of_payments: 0, payment_total: 0, last_payment: null });
  });

  it('stores a payment with the symbols under their API names and validates amounts and types', async () => {
    const su = await superuser(app);
    const api = caller(app, su.headers);
    const res = await api('POST', '/api/admin/payments/', { date: '2026-3-5', amount: '250', VS: '123', SS: '9', KS: '0308', type: 'creadit_card' });
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ date: '2026-03-05', amount: 250, VS: '123', VS2: null, SS: '9', KS: '0308', BIC: null, type: 'creadit_card', custom_fields: {} });
    expect(await api('POST', '/api/admin/payments/', { date: 'yesterday', amount: -1, type: 'gold' })).toMatchObject({
      status: 400,
      body: {
        date: ['Date has wrong format. Use one of these formats instead: YYYY-MM-DD.'],
        amount: ['Ensure this value is greater than or equal to 0.'],
        type: ['"gold" is not a valid choice.'],
      },
    });
  });
});

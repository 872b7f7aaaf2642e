import { describe, expect, it } from 'vitest';
import { CompanyContact } from '@klub/db';
import { makeDonorPaymentChannel, makeEvent, makeMoneyAccount, makeProfile, makeUnit } from '@klub/db/testing';
import { useKlubApp } from '../helpers/klub-app.js';
import { bearer, counts, rows } from '../signups/helpers.js';

const PATH = '/api/create_credit_card_payment/';

describe('POST /api/create_credit_card_payment/ (api.md §9.7)', () => {
  const app = useKlubApp();

  async function setup() {
    const em = app.em();
    const account = await makeMoneyAccount(em, { slug: 'bank_slug' });
    const event = await makeEvent(em, { slug: 'event_slug' });
    const client = await app.client('read write can_create_credit_card_payment');
    return { account, event, headers: { ...bearer(client.token), 'accept-language': 'en' } };
  }

  const body = { profile_type: 'user', email: 'TEST@TEST.COM', event: 'event_slug', recipient_account: 'bank_slug', date: '2015-04-10', amount: 123456, VS: '332211' };

  it('stores a creadit_card payment on the user’s channel (reference test)', async () => {
    const { account, event, headers } = await setup();
    const profile = await makeProfile(app.em(), { email: 'test@test.com' });
    const channel = await makeDonorPaymentChannel(app.em(), { vs: '1', user: profile, moneyAccount: account, event });
    const res = await app.api(PATH, { method: 'POST', headers, json: { ...body, KS: '0308', account_name: 'Test' } });
    expect(res).toMatchObject({ status: 200, body: { profile_id: profile.id } });
    expect(
      await rows(app, `select to_char(date, 'YYYY-MM-DD') as date, amount, vs, ks, account_name, type, user_donor_payment_channel_id, recipient_account_id from payment`),
    ).toEqual([
      { date: '2015-04-10', amount: 123456, vs: '332211', ks: '0308', account_name: 'Test', type: 'creadit_card', user_donor_payment_channel_id: channel.id, recipient_account_id: account.id },
    ]);
  });

  it('finds a company by its contact e-mail', async () => {
    const { account, event, headers } = await setup();
    const company = await makeProfile(app.em(), { kind: 'company', name: 'ACME', firstName: '', lastName: '' });
    const em = app.em();
    em.create(CompanyContact, { company, email: 'pay@acme.cz', administrativeUnit: await makeUnit(em) } as never);
    await em.flush();
    await makeDonorPaymentChannel(app.em(), { vs: '2', user: company, moneyAccount: account, event });
    const res = await app.api(PATH, { method: 'POST', headers, json: { ...body, profile_type: 'company', email: 'pay@acme.cz' } });
    expect(res).toMatchObject({ status: 200, body: { profile_id: company.id } });
  });

  it('answers the 404s of the contract, writing nothing', async () => {
    const { headers } = await setup();
    await makeProfile(app.em(), { email: 'test@test.com' });
    const before = await counts(app);
    expect(await app.api(PATH, { method: 'POST', headers, json: { ...body, email: 'nobody@test.com' } })).toMatchObject({
      status: 404,
      body: { detail: 'Email Does not exist' },
    });
    expect(await app.api(PATH, { method: 'POST', headers, json: body })).toMatchObject({
      status: 404,
      body: { detail: 'Donor payment Channel with this event/money_account/VS doesnt exist' },
    });
    expect(await counts(app)).toEqual(before);
  });

  it('validates the body', async () => {
    const { headers } = await setup();
    expect(await app.api(PATH, { method: 'POST', headers, json: { ...body, profile_type: 'robot', amount: -1, date: 'x', VS: 'v'.repeat(31), recipient_account: 'nope' } })).toMatchObject({
      status: 400,
      body: {
        profile_type: ['"robot" is not a valid choice.'],
        amount: ['Ensure this value is greater than or equal to 0.'],
        date: ['Date has wrong format. Use one of these formats instead: YYYY-MM-DD.'],
        VS: ['Ensure this field has no more than 30 characters.'],
      },
    });
    expect((await app.api(PATH, { method: 'POST', headers, json: { ...body, recipient_account: 'nope' } })).body).toEqual({
      recipient_account: ['Object with slug=nope does not exist.'],
    });
  });
});

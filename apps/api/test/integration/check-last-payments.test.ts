import { describe, expect, it } from 'vitest';
import { makeDonorPaymentChannel, makeEvent, makeMoneyAccount, makePayment, makeProfile } from '@klub/db/testing';
import { useKlubApp } from '../helpers/klub-app.js';
import { bearer } from '../signups/helpers.js';

const PATH = '/api/check_last_payments/';

describe('POST /api/check_last_payments/ (api.md §9.5)', () => {
  const app = useKlubApp();

  async function setup() {
    const em = app.em();
    const owner = await makeProfile(em);
    const account = await makeMoneyAccount(em, { slug: 'bank_slug' });
    const event = await makeEvent(em, { slug: 'event_slug' });
    const channel = await makeDonorPaymentChannel(em, { vs: '1111', user: owner, moneyAccount: account, event });
    const pay = (date: string, type: 'bank-transfer' | 'creadit_card', operationId: string, amount = 100) =>
      makePayment(em, { userDonorPaymentChannel: channel, date, type, operationId, amount });
    await pay('2015-04-03', 'bank-transfer', '1');
    await pay('2015-04-18', 'creadit_card', '2');
    await pay('2015-04-22', 'bank-transfer', '1234');
    await pay('2015-04-18', 'bank-transfer', '3244');
    await pay('2015-04-19', 'bank-transfer', '77', 101);
    await pay('2015-04-25', 'bank-transfer', '88');
    const client = await app.client('read write can_check_last_payments');
    return { owner, account, event, headers: { ...bearer(client.token), 'accept-language': 'en' } };
  }

  const body = { event: 'event_slug', money_account: 'bank_slug', VS: '1111', amount: 100, date: '2015-4-10' };

  it('lists the bank transfers of that amount within 14 days, by date (reference test)', async () => {
    const { owner, headers } = await setup();
    const res = await app.api(PATH, { method: 'POST', headers, json: body });
    expect(res).toMatchObject({ status: 200 });
    expect(res.body).toEqual([
      { amount: 100, date: '2015-04-18', operation_id: '3244', profile_id: owner.id },
      { amount: 100, date: '2015-04-22', operation_id: '1234', profile_id: owner.id },
    ]);
  });

  it('answers the two 404s of the contract', async () => {
    const { headers } = await setup();
    expect(await app.api(PATH, { method: 'POST', headers, json: { ...body, VS: '9' } })).toMatchObject({
      status: 404,
      body: { detail: 'Donor payment Channel with this event/money_account/VS doesnt exist' },
    });
    expect(await app.api(PATH, { method: 'POST', headers, json: { ...body, date: '2016-01-01' } })).toMatchObject({
      status: 404,
      body: { detail: 'Payment since registered payment + 14 days doesnt exist ' },
    });
  });

  it('prefers the channel of the given money account when several share event and VS (D32)', async () => {
    const { event, headers } = await setup();
    const other = await makeMoneyAccount(app.em(), { slug: 'other' });
    const second = await makeProfile(app.em());
    const channel = await makeDonorPaymentChannel(app.em(), { vs: '1111', user: second, moneyAccount: other, event });
    await makePayment(app.em(), { userDonorPaymentChannel: channel, date: '2015-04-11', amount: 100, operationId: 'x' });
    expect((await app.api(PATH, { method: 'POST', headers, json: { ...body, money_account: 'other' } })).body).toEqual([
      { amount: 100, date: '2015-04-11', operation_id: 'x', profile_id: second.id },
    ]);
    expect(((await app.api(PATH, { method: 'POST', headers, json: body })).body as unknown[]).length).toBe(2);
  });

  it('validates: VS required (D32), slugs exist, date format', async () => {
    const { headers } = await setup();
    expect(await app.api(PATH, { method: 'POST', headers, json: { event: 'x', money_account: 'y', amount: 'a', date: '10.4.2015' } })).toMatchObject({
      status: 400,
      body: {
        VS: ['This field is required.'],
        amount: ['A valid integer is required.'],
        date: ['Date has wrong format. Use one of these formats instead: YYYY-MM-DD.'],
      },
    });
    expect((await app.api(PATH, { method: 'POST', headers, json: { ...body, event: 'x', money_account: 'y' } })).body).toEqual({
      money_account: ['Object with slug=y does not exist.'],
      event: ['Object with slug=x does not exist.'],
    });
  });

  it('refuses a token without write', async () => {
    await setup();
    const client = await app.client('read can_check_last_payments');
    expect((await app.api(PATH, { method: 'POST', headers: bearer(client.token), json: body })).status).toBe(403);
  });
});

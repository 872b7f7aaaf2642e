import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pragueToday } from '@klub/contracts';
import { makeDonorPaymentChannel, makeEvent, makeMoneyAccount, makePayment } from '@klub/db/testing';
import { addDays } from '@klub/domain';
import { useKlubApp, type KlubApp } from '../helpers/klub-app.js';
import { bearer } from '../signups/helpers.js';

const PATH = '/api/check_last_payment/';

/** A payment of `amount` dated `daysAgo` before today on a new channel of `user`. */
async function pay(app: KlubApp, userId: number, amount: number, daysAgo: number, type: 'bank-transfer' | 'expected' | 'cash' = 'bank-transfer') {
  const em = app.em();
  const user = await em.findOneOrFail('Profile', userId);
  const channel = await makeDonorPaymentChannel(em, { vs: String(Math.floor(Math.random() * 1e9)), user: user as never });
  await makePayment(em, { userDonorPaymentChannel: channel, amount, date: addDays(pragueToday(), -daysAgo), type });
}

describe('GET /api/check_last_payment/ (api.md §6.4), thresholds 100 / 3000', () => {
  const app = useKlubApp({ SUM_LAST_MONTH_PAYMENTS: '100', SUM_LAST_YEAR_PAYMENTS: '3000' });

  const check = async (access: string) => {
    const res = await app.api(PATH, { headers: bearer(access) });
    return { status: res.status, text: res.text };
  };

  // The reference tests, with "today" 2015-05-01 moved to today.
  it('100 sixteen days ago → paid', async () => {
    const user = await app.user();
    await pay(app, user.id, 100, 16);
    expect(await check(user.access)).toEqual({ status: 200, text: '' });
  });

  it('1000 (137 days ago) + 2000 (106 days ago) → paid by the yearly sum', async () => {
    const user = await app.user();
    await pay(app, user.id, 1000, 137);
    await pay(app, user.id, 2000, 106);
    expect(await check(user.access)).toEqual({ status: 200, text: '' });
  });

  it('50 (16 days ago) + 5000 (three years ago) → not paid', async () => {
    const user = await app.user();
    await pay(app, user.id, 50, 16);
    await pay(app, user.id, 5000, 1111);
    expect(await check(user.access)).toEqual({ status: 404, text: '' });
  });

  it('200 seventy-five days ago → not paid', async () => {
    const user = await app.user();
    await pay(app, user.id, 200, 75);
    expect(await check(user.access)).toEqual({ status: 404, text: '' });
  });

  it('counts any payment type, up to the window edges (40 / 375 days)', async () => {
    const user = await app.user();
    await pay(app, user.id, 100, 40, 'expected');
    expect((await check(user.access)).status).toBe(200);
    const other = await app.user();
    await pay(app, other.id, 100, 41, 'cash');
    await pay(app, other.id, 2900, 375, 'cash');
    expect((await check(other.access)).status).toBe(200);
    const third = await app.user();
    await pay(app, third.id, 3000, 376);
    expect((await check(third.access)).status).toBe(404);
  });

  it('staff are always paid; other people’s payments do not count', async () => {
    const staff = await app.user({ isStaff: true });
    expect((await check(staff.access)).status).toBe(200);
    const payer = await app.user();
    await pay(app, payer.id, 5000, 1);
    const other = await app.user();
    expect((await check(other.access)).status).toBe(404);
  });

  it('refuses anonymous callers and OAuth client tokens (reference test)', async () => {
    expect(await app.api(PATH, { headers: { 'accept-language': 'en' } })).toMatchObject({
      status: 403,
      body: { detail: 'Authentication credentials were not provided.' },
    });
    const client = await app.client('read write');
    expect(await app.api(PATH, { headers: { ...bearer(client.token), 'accept-language': 'en' } })).toMatchObject({
      status: 403,
      body: { detail: 'You do not have permission to perform this action.' },
    });
  });
});

describe('GET /api/check_last_payment/ with default thresholds (0)', () => {
  const app = useKlubApp();
  it('counts every authenticated user as paid', async () => {
    const user = await app.user();
    expect((await app.api(PATH, { headers: bearer(user.access) })).status).toBe(200);
  });
});

describe('GET /api/check_last_payment/ Darujme fallback (api.md §6.4 step 3)', () => {
  let stub: Server;
  const requests: URL[] = [];
  let answer: { status: number; body: unknown } = { status: 200, body: { pledges: [] } };
  const env: Record<string, string> = { SUM_LAST_MONTH_PAYMENTS: '100', SUM_LAST_YEAR_PAYMENTS: '3000', DARUJME_ENABLED: 'true' };

  beforeAll(async () => {
    stub = createServer((req, res) => {
      requests.push(new URL(req.url ?? '/', 'http://stub'));
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer.body));
    });
    await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
    env.DARUJME_URL = `http://127.0.0.1:${(stub.address() as AddressInfo).port}/api/v1/`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => stub.close(() => resolve()));
  });

  const app = useKlubApp(env);

  const pledge = (email: string, state: string) => ({
    pledgeId: 1,
    pledgedAmount: { cents: 10000, currency: 'CZK' },
    pledgedAt: '2024-01-01T10:00:00+01:00',
    donor: { email },
    transactions: [{ transactionId: 9, state }],
  });

  async function darujmeMember() {
    const user = await app.user({ email: 'darujme@example.org' });
    const em = app.em();
    const event = await makeEvent(em);
    const account = await makeMoneyAccount(em, {
      kind: 'api',
      bankAccountNumber: null,
      projectName: `project-${user.id}`,
      projectId: 77,
      apiId: 55,
      apiSecret: 's3cret',
      apiOrganizationId: 33,
      event,
    });
    const profile = await em.findOneOrFail('Profile', user.id);
    await makeDonorPaymentChannel(em, { vs: '1', user: profile as never, moneyAccount: account, event });
    return user;
  }

  it('is paid when a pledge of the primary e-mail has a successful transaction', async () => {
    const user = await darujmeMember();
    answer = { status: 200, body: { pledges: [pledge('other@example.org', 'success'), pledge('darujme@example.org', 'sent_to_organization')] } };
    requests.length = 0;
    expect((await app.api(PATH, { headers: bearer(user.access) })).status).toBe(200);
    expect(requests).toHaveLength(1);
    const url = requests[0]!;
    expect(url.pathname).toBe('/api/v1/organization/33/pledges-by-filter/');
    expect(Object.fromEntries(url.searchParams)).toEqual({ apiId: '55', apiSecret: 's3cret', projectId: '77', fromPledgedDate: pragueToday() });
  });

  it('is not paid without a successful transaction, and skips Darujme for users without Darujme channels', async () => {
    const user = await darujmeMember();
    answer = { status: 200, body: { pledges: [pledge('darujme@example.org', 'waiting')] } };
    expect((await app.api(PATH, { headers: bearer(user.access) })).status).toBe(404);
    requests.length = 0;
    const plain = await app.user();
    expect((await app.api(PATH, { headers: bearer(plain.access) })).status).toBe(404);
    expect(requests).toHaveLength(0);
  });

  it('answers 404 "Can not connect to Darujme to check payment" when Darujme fails', async () => {
    const user = await darujmeMember();
    answer = { status: 500, body: { error: 'down' } };
    expect(await app.api(PATH, { headers: bearer(user.access) })).toMatchObject({
      status: 404,
      body: { detail: 'Can not connect to Darujme to check payment' },
    });
  });

  it('does not ask Darujme when the payments already suffice', async () => {
    const user = await darujmeMember();
    await pay(app, user.id, 100, 1);
    requests.length = 0;
    expect((await app.api(PATH, { headers: bearer(user.access) })).status).toBe(200);
    expect(requests).toHaveLength(0);
  });
});

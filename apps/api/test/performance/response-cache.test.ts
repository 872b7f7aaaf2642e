import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pragueToday } from '@klub/contracts';
import { makeDonorPaymentChannel, makeEvent, makePayment } from '@klub/db/testing';
import { addDays } from '@klub/domain';
import { caller, superuser } from '../admin/helpers.js';
import { useKlubApp } from '../helpers/klub-app.js';
import { bearer } from '../signups/helpers.js';

/**
 * The response cache (issue 7 speed): opted-in reads are answered from memory without SQL, and
 * every committed write to a table such an answer read makes the next request compute it again,
 * whichever way the write arrived (an API call, a direct statement, a transaction).
 */
describe('response cache', () => {
  const app = useKlubApp({ SUM_LAST_MONTH_PAYMENTS: '100', SUM_LAST_YEAR_PAYMENTS: '3000' });
  let statements = 0;
  const count = () => void statements++;
  // Braces: knex is thenable, and a returned thenable would be awaited as a query.
  beforeAll(() => {
    app.em().getConnection().getKnex().on('query', count);
  });
  afterAll(() => {
    app.em().getConnection().getKnex().off('query', count);
  });

  async function get(path: string, headers: Record<string, string> = {}) {
    statements = 0;
    const res = await app.api(path, { headers });
    return { status: res.status, text: res.text, headers: res.headers, statements };
  }

  it('answers a repeated public read from memory: same bytes and headers, its own request id, no SQL', async () => {
    const event = await makeEvent(app.em(), { name: 'Cyklojízda', publicOnWeb: true });
    const first = await get(`/api/bronto/event/${event.id}/`);
    expect(first.status).toBe(200);
    expect(first.statements).toBeGreaterThan(0);
    const again = await get(`/api/bronto/event/${event.id}/`);
    expect(again).toMatchObject({ status: 200, text: first.text, statements: 0 });
    expect(again.headers.get('content-type')).toBe(first.headers.get('content-type'));
    expect(again.headers.get('x-frame-options')).toBe('DENY');
    expect(again.headers.get('x-request-id')).toMatch(/^[\w-]{36}$/);
    expect(again.headers.get('x-request-id')).not.toBe(first.headers.get('x-request-id'));
    const mine = await get(`/api/bronto/event/${event.id}/`, { 'x-request-id': 'trace-42' });
    expect(mine.headers.get('x-request-id')).toBe('trace-42');
  });

  it('recomputes after a write through the API', async () => {
    const event = await makeEvent(app.em(), { name: 'Před', publicOnWeb: true });
    const list = await get('/api/event/');
    expect(list.text).toContain('Před');
    expect((await get('/api/event/')).statements).toBe(0);

    const su = await superuser(app);
    const renamed = await caller(app, su.headers)('PATCH', `/api/admin/events/${event.id}/`, { name: 'Po' });
    expect(renamed.status, renamed.text).toBe(200);

    const after = await get('/api/event/');
    expect(after.statements).toBeGreaterThan(0);
    expect(after.text).toContain('"name":"Po"');
    expect(after.text).not.toContain('Před');
  });

  it('recomputes after a statement or a transaction outside any request', async () => {
    const event = await makeEvent(app.em(), { name: 'Jedna', publicOnWeb: true });
    expect((await get(`/api/event/${event.id}/`)).text).toContain('Jedna');
    await app.em().getConnection().execute(`update event set name = 'Dva' where id = ?`, [event.id]);
    expect((await get(`/api/event/${event.id}/`)).text).toContain('Dva');
    await app.em().transactional(async (em) => {
      await em.getConnection().execute(`update event set name = 'Tři' where id = ?`, [event.id], 'all', em.getTransactionContext());
    });
    expect((await get(`/api/event/${event.id}/`)).text).toContain('Tři');
    // Hiding it from the web is a write too: the kept 200 must not outlive it.
    await app.em().getConnection().execute('update event set public_on_web = false where id = ?', [event.id]);
    expect((await get(`/api/event/${event.id}/`)).status).toBe(404);
  });

  it('keeps answers about a user per bearer token, and drops them when their payments change', async () => {
    const paid = await app.user();
    const unpaid = await app.user();
    const em = app.em();
    const channel = await makeDonorPaymentChannel(em, { vs: '5550001', user: paid.id as never });
    const payment = await makePayment(em, { userDonorPaymentChannel: channel, amount: 100, date: addDays(pragueToday(), -3) });

    expect((await get('/api/check_last_payment/', bearer(paid.access))).status).toBe(200);
    expect(await get('/api/check_last_payment/', bearer(paid.access))).toMatchObject({ status: 200, statements: 0 });
    // Another token never gets the first one's answer; a 404 is not kept.
    expect((await get('/api/check_last_payment/', bearer(unpaid.access))).status).toBe(404);
    expect((await get('/api/check_last_payment/', bearer(unpaid.access))).statements).toBeGreaterThan(0);

    await app.em().getConnection().execute('delete from payment where id = ?', [payment.id]);
    expect((await get('/api/check_last_payment/', bearer(paid.access))).status).toBe(404);
  });

  it('a sign-up drops only what it changed: its event’s page, not other events, lists or members’ payment checks', async () => {
    const em = app.em();
    const [one, two] = [await makeEvent(em, { publicOnWeb: true }), await makeEvent(em, { publicOnWeb: true })];
    const member = await app.user();
    const channel = await makeDonorPaymentChannel(em, { vs: '5550002', user: member.id as never });
    await makePayment(em, { userDonorPaymentChannel: channel, amount: 100, date: addDays(pragueToday(), -3) });
    const known = await app.user({ email: 'known@example.org' });
    const reads: Array<[string, Record<string, string>?]> = [
      ['/api/event/'],
      [`/api/event/${two.id}/`],
      ['/api/administrative_unit/'],
      ['/api/interaction-type/'],
      ['/api/check_last_payment/', bearer(member.access)],
    ];
    for (const [path, headers] of [...reads, [`/api/event/${one.id}/`] as [string]]) {
      expect((await get(path, headers)).status).toBe(200);
      expect((await get(path, headers)).statements).toBe(0);
    }
    const client = await app.client('read write can_create_userprofile_interaction');
    for (const email of ['new@example.org', 'known@example.org']) {
      const signedUp = await app.api('/api/sign_up_for_event/', {
        method: 'POST',
        headers: bearer(client.token),
        json: { email, first_name: 'Nový', event: one.id },
      });
      expect(signedUp.status, signedUp.text).toBe(200);
    }
    for (const [path, headers] of reads) expect((await get(path, headers)).statements, path).toBe(0);
    expect((await get(`/api/event/${one.id}/`)).statements).toBeGreaterThan(0);
    // The person it touched: answers for their token are computed again.
    expect((await get('/api/event/', bearer(known.access))).statements).toBeGreaterThan(0);
  });

  it('never answers from memory for cookies, Basic credentials, bad tokens or other methods', async () => {
    const event = await makeEvent(app.em(), { name: 'Veřejná', publicOnWeb: true });
    const path = `/api/event/${event.id}/`;
    await get(path);
    expect((await get(path, { cookie: 'theme=dark' })).statements).toBeGreaterThan(0);
    const user = await app.user();
    const basic = { authorization: `Basic ${Buffer.from(`${user.username}:${user.password}`).toString('base64')}` };
    expect((await get(path, basic)).statements).toBeGreaterThan(0);
    expect((await get(path, bearer('not-a-token'))).status).toBe(403);
    expect((await get(path, bearer('not-a-token'))).status).toBe(403);
    statements = 0;
    const head = await app.api(path, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(statements).toBeGreaterThan(0);
  });

  it('keeps only what the procedure opted in to', async () => {
    const su = await superuser(app);
    await get('/api/admin/events/', su.headers);
    expect((await get('/api/admin/events/', su.headers)).statements).toBeGreaterThan(0);
  });
});

import { setTimeout as sleep } from 'node:timers/promises';
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import pg from 'pg';
import { OAuthApplication } from '@klub/db';
import { makeEvent } from '@klub/db/testing';
import { createOAuthApplication } from '@klub/domain';
import { caller, superuser } from '../admin/helpers.js';
import { useKlubApp } from '../helpers/klub-app.js';
import { call } from '../helpers/server.js';
import { bearer } from '../signups/helpers.js';

/**
 * Revocation takes effect at once (issue 15 §4), even for answers the response cache keeps: a
 * token deleted or revoked, an application deleted (its tokens go by the foreign key's cascade,
 * which no statement of ours names), a user deactivated or a password changed are refused on
 * the very next request. Writes through this API are heard before their response leaves; a
 * plain SQL write from another connection once its notification has arrived (`sync()`).
 * The requests here use `fetch` directly, without the test helper's wait.
 */
describe('revocation reaches cached answers at once', () => {
  const app = useKlubApp();
  let statements = 0;
  const count = () => void statements++;
  let psql: pg.Client;
  beforeAll(async () => {
    app.em().getConnection().getKnex().on('query', count);
    psql = new pg.Client({ connectionString: inject('apiDatabaseUrl') });
    await psql.connect();
  });
  afterAll(async () => {
    app.em().getConnection().getKnex().off('query', count);
    await psql.end();
  });

  /** The request as a client sends it, right after whatever came before: no waiting. */
  async function get(path: string, headers: Record<string, string>) {
    statements = 0;
    const res = await call(app.url + path, { headers });
    return { status: res.status, statements, body: res.body };
  }

  /**
   * Asks twice: the second answer must come from memory, so the test is about the cache. The
   * arranged rows' notifications are heard first, or one arriving late would drop the answer.
   */
  async function warm(path: string, headers: Record<string, string>) {
    await app.responseCache.sync();
    expect((await get(path, headers)).status).toBe(200);
    expect(await get(path, headers)).toMatchObject({ status: 200, statements: 0 });
  }

  async function clientToken() {
    const client = await app.client('read write can_view_events');
    const application = await app.em().findOneOrFail(OAuthApplication, { clientId: client.clientId });
    return { ...client, applicationId: application.id, headers: bearer(client.token) };
  }

  async function passwordGrantToken(username: string, password: string) {
    const { application, clientSecret } = await createOAuthApplication(app.em(), { name: 'app', scopes: 'read write', grant: 'password' });
    const res = await call(`${app.url}/api/o/token/`, {
      method: 'POST',
      json: { grant_type: 'password', client_id: application.clientId, client_secret: clientSecret, username, password },
    });
    expect(res.status, res.text).toBe(200);
    return bearer((res.body as { access_token: string }).access_token);
  }

  const EVENTS = '/api/event/';

  /** The server's LISTEN socket, to hold its notifications back as a slow network would. */
  const listenSocket = () => (app.cacheListener as unknown as { client: { connection: { stream: Socket } } }).client.connection.stream;

  it('a write through this API is heard before its response leaves, however late the notification', async () => {
    const su = await superuser(app);
    const client = await clientToken();
    await warm(EVENTS, client.headers);
    const socket = listenSocket();
    socket.pause();
    let answered = false;
    const revoke = call(`${app.url}/api/admin/oauth-applications/${client.applicationId}/revoke-tokens/`, {
      method: 'POST',
      headers: su.headers,
    }).then((r) => {
      answered = true;
      return r;
    });
    await sleep(500);
    // An answer sent before its own change was heard would let this request be served the kept 200.
    const meanwhile = answered ? await get(EVENTS, client.headers) : undefined;
    socket.resume();
    expect((await revoke).status).toBe(200);
    expect(meanwhile?.status ?? 403).toBe(403);
    expect((await get(EVENTS, client.headers)).status).toBe(403);
  });

  it('an application’s tokens revoked through the admin API', async () => {
    await makeEvent(app.em(), { publicOnWeb: true });
    const su = await superuser(app);
    const client = await clientToken();
    await warm(EVENTS, client.headers);
    const revoked = await caller(app, su.headers)('POST', `/api/admin/oauth-applications/${client.applicationId}/revoke-tokens/`);
    expect(revoked.status, revoked.text).toBe(200);
    expect((await get(EVENTS, client.headers)).status).toBe(403);
  });

  it('an application deleted through the admin API (the tokens go by cascade)', async () => {
    const su = await superuser(app);
    const client = await clientToken();
    await warm(EVENTS, client.headers);
    const deleted = await caller(app, su.headers)('DELETE', `/api/admin/oauth-applications/${client.applicationId}/`);
    expect(deleted.status, deleted.text).toBe(204);
    expect((await get(EVENTS, client.headers)).status).toBe(403);
  });

  it('a token deleted, or an application deleted, by plain SQL from another connection', async () => {
    const one = await clientToken();
    const two = await clientToken();
    await warm(EVENTS, one.headers);
    await warm(EVENTS, two.headers);
    await psql.query('delete from oauth_access_token where application_id = $1', [one.applicationId]);
    await psql.query('delete from oauth_application where id = $1', [two.applicationId]);
    await app.responseCache.sync(); // the notifications have arrived
    expect((await get(EVENTS, one.headers)).status).toBe(403);
    expect((await get(EVENTS, two.headers)).status).toBe(403);
  });

  it('a user deactivated through the admin API: their JWT and their OAuth token', async () => {
    const su = await superuser(app);
    const user = await app.user({ isStaff: true });
    const jwt = bearer(user.access);
    const oauth = await passwordGrantToken(user.username, user.password);
    await warm(EVENTS, jwt);
    await warm(EVENTS, oauth);
    const patched = await caller(app, su.headers)('PATCH', `/api/admin/profiles/${user.id}/`, { is_active: false });
    expect(patched.status, patched.text).toBe(200);
    expect((await get(EVENTS, jwt)).status).toBe(403);
    expect((await get(EVENTS, oauth)).status).toBe(403);
  });

  it('a user deactivated by plain SQL', async () => {
    const user = await app.user({ isStaff: true });
    await warm(EVENTS, bearer(user.access));
    await psql.query('update profile set is_active = false where id = $1', [user.id]);
    await app.responseCache.sync();
    expect((await get(EVENTS, bearer(user.access))).status).toBe(403);
  });

  it('a changed password: the old one is refused and no answer computed before the change is reused', async () => {
    const su = await superuser(app);
    const user = await app.user({ isStaff: true });
    const basic = (password: string) => ({ authorization: `Basic ${Buffer.from(`${user.username}:${password}`).toString('base64')}` });
    await warm(EVENTS, bearer(user.access));
    expect((await get(EVENTS, basic(user.password))).status).toBe(200);
    const patched = await caller(app, su.headers)('PATCH', `/api/admin/profiles/${user.id}/`, { password: 'a brand new secret 42' });
    expect(patched.status, patched.text).toBe(200);
    expect((await get(EVENTS, basic(user.password))).status).toBe(403);
    expect((await get(EVENTS, basic('a brand new secret 42'))).status).toBe(200);
    // The answer kept for the token depended on the user's row: computed again, by the rules of now.
    expect((await get(EVENTS, bearer(user.access))).statements).toBeGreaterThan(0);
  });
});

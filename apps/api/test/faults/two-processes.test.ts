import { request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import type { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import { initOrm } from '@klub/db';
import { execute, makeEvent, makeUnit, resetDatabase } from '@klub/db/testing';
import { createOAuthApplication } from '@klub/domain';
import { freePort, privateRedis, startApi, type Child, type RedisServer } from './helpers.js';

/**
 * Issue 21 goal 4: `WEB_CONCURRENCY=2` runs two API processes on one port (node:cluster), and
 * what must be one across them is: rate-limit counters (Redis), the response cache (every
 * process follows PostgreSQL's notifications), the sign-up writer (PostgreSQL's locks). Every
 * request here opens a connection of its own, so the cluster's round-robin spreads them.
 */
describe('two API processes on one port (WEB_CONCURRENCY=2)', () => {
  let orm: MikroORM;
  let redis: RedisServer;
  let api: Child;
  let port: number;
  let psql: pg.Client;

  beforeAll(async () => {
    orm = await initOrm(inject('apiDatabaseUrl'));
    await resetDatabase(orm);
    redis = await privateRedis();
    psql = new pg.Client({ connectionString: inject('apiDatabaseUrl') });
    await psql.connect();
    port = await freePort();
    api = await startApi(port, {
      DATABASE_URL: inject('apiDatabaseUrl'),
      REDIS_URL: redis.url,
      QUEUE_PREFIX: `klub_fault_two_${process.pid}`,
      WEB_CONCURRENCY: '2',
      RATE_LIMIT_TOKEN_ACCOUNT: '3/900',
      RATE_LIMIT_SIGNUP_ACCOUNT: '1000/3600',
    });
    // Both processes listening (the first answering /healthz does not mean the second is up).
    for (let i = 0; i < 900 && api.lines.filter((l) => l.msg === 'api listening').length < 2; i++) await sleep(100);
  }, 200_000);

  afterAll(async () => {
    await api?.stop('SIGTERM');
    await psql?.end();
    await redis?.stop();
    await orm?.close();
  });

  /** One request on a connection of its own (no keep-alive), so the cluster may pick either process. */
  function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: unknown }> {
    return new Promise((resolve, reject) => {
      const data = body === undefined ? undefined : JSON.stringify(body);
      const req = request(
        { host: '127.0.0.1', port, method, path, agent: false, headers: { accept: 'application/json', connection: 'close', ...(data ? { 'content-type': 'application/json' } : {}), ...headers } },
        (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode!, json: text ? (JSON.parse(text) as unknown) : null }));
        },
      );
      req.on('error', reject);
      req.end(data);
    });
  }

  /** The pids that logged a request to `path` since `from` log lines. */
  const servedBy = (from: number, path: string) =>
    new Set(api.lines.slice(from).filter((l) => l.msg === 'request' && typeof l.url === 'string' && l.url.startsWith(path)).map((l) => l.pid));

  it('serves from two processes, whose pids the logs show', { timeout: 60_000 }, async () => {
    const from = api.lines.length;
    for (let i = 0; i < 12; i++) expect((await call('GET', '/api/bronto/administrative_unit/')).status).toBe(200);
    await sleep(200);
    expect(servedBy(from, '/api/bronto/administrative_unit/').size).toBe(2);
  });

  it('counts a rate limit once across both processes', { timeout: 60_000 }, async () => {
    const from = api.lines.length;
    const statuses: number[] = [];
    // Failed logins of one account: 3 per 15 minutes (RATE_LIMIT_TOKEN_ACCOUNT above), wherever they land.
    for (let i = 0; i < 6; i++) statuses.push((await call('POST', '/api/token/', { username: 'nobody-here', password: `wrong ${i}` })).status);
    expect(statuses).toEqual([401, 401, 401, 429, 429, 429]);
    await sleep(200);
    expect(servedBy(from, '/api/token/').size).toBe(2);
  });

  it('answers every read from either process with a write its cache heard about', { timeout: 60_000 }, async () => {
    const event = await makeEvent(orm.em.fork(), { name: 'První', publicOnWeb: true });
    const names = async () => {
      const seen = new Set<string>();
      for (let i = 0; i < 8; i++) {
        const res = await call('GET', `/api/event/${event.id}/`);
        expect(res.status).toBe(200);
        seen.add((res.json as { name: string }).name);
      }
      return [...seen];
    };
    expect(await names()).toEqual(['První']); // both processes have it cached now
    await psql.query('update event set name = $1 where id = $2', ['Druhý', event.id]);
    let seen = await names();
    for (let i = 0; i < 20 && seen.join() !== 'Druhý'; i++) {
      await sleep(25); // the notification's delivery to both listeners
      seen = await names();
    }
    expect(seen).toEqual(['Druhý']);
  });

  it('signs one new person up once when both processes take the same e-mail at the same time', { timeout: 60_000 }, async () => {
    const unit = await makeUnit(orm.em.fork(), { fromEmailStr: 'Klub <klub@example.org>' });
    const event = await makeEvent(orm.em.fork(), { slug: 'both', administrativeUnits: [unit], enableRegistration: true });
    const { application, clientSecret } = await createOAuthApplication(orm.em.fork(), {
      name: 'forms',
      scopes: 'read write can_create_userprofile_interaction',
      grant: 'client-credentials',
    });
    const token = await call('POST', '/api/o/token/', { grant_type: 'client_credentials', client_id: application.clientId, client_secret: clientSecret });
    expect(token.status).toBe(200);
    const bearer = { authorization: `Bearer ${(token.json as { access_token: string }).access_token}` };
    const from = api.lines.length;
    const answers = await Promise.all(
      Array.from({ length: 16 }, () => call('POST', '/api/sign_up_for_event/', { email: 'Same.Person@Example.org', first_name: 'Jana', event: event.id }, bearer)),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(16).fill(200));
    await sleep(200);
    expect(servedBy(from, '/api/sign_up_for_event/').size).toBe(2);
    const [row] = await execute<Array<{ profiles: string; emails: string }>>(
      orm.em.fork(),
      `select (select count(*) from profile where lower(email) = 'same.person@example.org') as profiles,
              (select count(*) from profile_email where lower(email) = 'same.person@example.org') as emails`,
    );
    expect({ profiles: Number(row!.profiles), emails: Number(row!.emails) }).toEqual({ profiles: 1, emails: 1 });
  });

  it('stops both processes on SIGTERM and exits 0', { timeout: 60_000 }, async () => {
    expect(await api.stop('SIGTERM')).toBe(0);
    expect(api.lines.filter((l) => l.msg === 'stopped').map((l) => l.pid)).toHaveLength(2);
  });
});

import { createServer } from 'node:net';
import type { AnyProcedure } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { useKlubApp, type KlubApp } from '../helpers/klub-app.js';
import { appRouter } from '../../src/routers/index.js';
import { GUARDED_PROCEDURES, UNGUARDED_PUBLIC_WRITES } from '../../src/security/guarded-procedures.js';
import type { Meta } from '../../src/trpc/init.js';
import { THROTTLED_EN, expectThrottled, freshIp, limiterRedis, useLimitedApp } from './helpers.js';

const procedures = appRouter._def.procedures as unknown as Record<string, AnyProcedure>;
const metaOf = (path: string) => (procedures[path]?._def.meta ?? {}) as Meta;

/** POST `json` to `path` from client address `ip`. */
function post(app: KlubApp, path: string, json: unknown, ip: string, headers: Record<string, string> = {}) {
  return app.api(path, {
    method: 'POST',
    json,
    headers: { 'x-forwarded-for': ip, 'accept-language': 'en', ...headers },
  });
}

describe('the guard table (security/guarded-procedures.ts)', () => {
  it('names only procedures that exist', () => {
    for (const path of [...Object.keys(GUARDED_PROCEDURES), ...Object.keys(UNGUARDED_PUBLIC_WRITES)]) {
      expect(procedures[path], path).toBeDefined();
    }
  });

  it('covers every public write, or says why not', () => {
    const publicWrites = Object.entries(procedures)
      .filter(([, p]) => p._def.type === 'mutation' && (p._def.meta as Meta | undefined)?.policy === 'PUBLIC')
      .map(([path]) => path);
    expect(publicWrites.length).toBeGreaterThan(3);
    for (const path of publicWrites) {
      expect(
        path in GUARDED_PROCEDURES || path in UNGUARDED_PUBLIC_WRITES,
        `${path} is a public write without a guard rule`,
      ).toBe(true);
    }
  });

  it('guards registration, reset and the unknown-user endpoints, and leaves password checks to the password check', () => {
    const paths = Object.keys(GUARDED_PROCEDURES).map((p) => metaOf(p).openapi?.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/register_userprofile/',
        '/reset_password_email/',
        '/sign_up_for_event/',
        '/volunteer/',
        '/apply_for_membership/',
      ]),
    );
    // Their limits (test/security/password-limits.test.ts) are taken in auth/password-logins.ts, on every path.
    for (const path of ['tokens.obtain', 'tokens.oauth', 'auth.login'])
      expect(UNGUARDED_PUBLIC_WRITES[path], path).toMatch(/password-logins/);
  });
});

describe('per-account limits on every guarded endpoint (429 + Retry-After + DRF body)', () => {
  const app = useLimitedApp('rl_account', {
    RATE_LIMIT_TOKEN_ACCOUNT: '3/60',
    RATE_LIMIT_REGISTRATION_ACCOUNT: '3/60',
    RATE_LIMIT_RESET_ACCOUNT: '3/60',
    RATE_LIMIT_SIGNUP_ACCOUNT: '3/60',
  });

  it('answers the 4th request about the same account or e-mail with 429, whatever the address', async () => {
    const { token } = await app.client('read write can_create_userprofile_interaction');
    const tried: string[] = [];
    for (const [path, rule] of Object.entries(GUARDED_PROCEDURES)) {
      // Each endpoint gets its own victim, so no counter carries over.
      const victim = `Victim.${tried.length}@Example.org`;
      // One body that names the account under every name the rules read; the call itself fails validation or auth.
      const body = {
        username: victim,
        email: victim,
        client_id: victim,
        password: 'wrong password',
        grant_type: 'password',
      };
      const openapi = metaOf(path).openapi;
      if (!openapi) continue;
      const url = `/api${openapi.path.replace('{uid}', 'dmljdGlt').replace('{token}', 'abc-def')}`;
      const headers: Record<string, string> = rule.group === 'signup' ? { authorization: `Bearer ${token}` } : {};
      for (let i = 0; i < 3; i++) {
        const res = await post(app, url, { ...body, email: i % 2 ? victim.toLowerCase() : victim }, freshIp(), headers);
        expect(res.status, `${path} #${i + 1}`).not.toBe(429);
      }
      expectThrottled(await post(app, url, body, freshIp(), headers));
      tried.push(path);
    }
    expect(tried.length).toBe(Object.keys(GUARDED_PROCEDURES).length);
  });

  it('counts only failed logins, so a user who logs in often is never locked out', async () => {
    const user = await app.user();
    for (let i = 0; i < 6; i++) {
      const res = await post(app, '/api/token/', { username: user.username, password: user.password }, freshIp());
      expect(res.status).toBe(200);
    }
  });

  it('locks the account for the right password too once the failures are used up', async () => {
    const user = await app.user();
    for (let i = 0; i < 3; i++) {
      expect((await post(app, '/api/token/', { username: user.username, password: 'nope' }, freshIp())).status).toBe(
        401,
      );
    }
    expectThrottled(await post(app, '/api/token/', { username: user.username, password: user.password }, freshIp()));
  });

  it('answers in Czech by default', async () => {
    for (let i = 0; i < 3; i++) await post(app, '/api/reset_password_email/', { email: 'x@example.org' }, freshIp());
    const res = await app.api('/api/reset_password_email/', {
      method: 'POST',
      json: { email: 'x@example.org' },
      headers: { 'x-forwarded-for': freshIp() },
    });
    expect(res.status).toBe(429);
    expect(res.body).toEqual({
      detail: expect.stringMatching(
        /^Požadavek byl limitován kvůli omezení počtu požadavků za časovou periodu\. Další požadavek bude možný za \d+ sekund\.$/,
      ),
    });
  });
});

describe('per-address limits', () => {
  const app = useLimitedApp('rl_ip', {
    RATE_LIMIT_TOKEN_IP: '5/60',
    RATE_LIMIT_GENERAL_IP: '8/60',
    RATE_LIMIT_RESET_IP: '3/60',
  });

  it('limits one address across usernames on the token endpoint', async () => {
    const ip = freshIp();
    for (let i = 0; i < 5; i++)
      expect((await post(app, '/api/token/', { username: `u${i}`, password: 'x' }, ip)).status).toBe(401);
    expectThrottled(await post(app, '/api/token/', { username: 'another', password: 'x' }, ip));
    // Another address is not affected.
    expect((await post(app, '/api/token/', { username: 'another', password: 'x' }, freshIp())).status).toBe(401);
  });

  it('guards /trpc calls with the same counters', async () => {
    const ip = freshIp();
    for (let i = 0; i < 5; i++) await post(app, '/api/token/', { username: `t${i}`, password: 'x' }, ip);
    const res = await app.api('/trpc/tokens.obtain', {
      method: 'POST',
      json: { username: 'z', password: 'x' },
      headers: { 'x-forwarded-for': ip, 'accept-language': 'en' },
    });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((res.body as { error: { message: string } }).error.message).toMatch(THROTTLED_EN);
  });

  it('limits reads per address with the general limit', async () => {
    const ip = freshIp();
    for (let i = 0; i < 8; i++)
      expect((await app.api('/api/frontend/events/', { headers: { 'x-forwarded-for': ip } })).status).toBe(200);
    const res = await app.api('/api/frontend/events/', { headers: { 'x-forwarded-for': ip, 'accept-language': 'en' } });
    expectThrottled(res);
  });

  it('does not count reads answered from the response cache (they cost less than the count)', async () => {
    const ip = freshIp();
    for (let i = 0; i < 20; i++)
      expect((await app.api('/api/event/', { headers: { 'x-forwarded-for': ip } })).status).toBe(200);
  });

  it('limits password-reset requests per address', async () => {
    const ip = freshIp();
    for (let i = 0; i < 3; i++)
      expect((await post(app, '/api/reset_password_email/', { email: `p${i}@example.org` }, ip)).status).toBe(200);
    expectThrottled(await post(app, '/api/reset_password_email/', { email: 'p9@example.org' }, ip));
  });
});

describe('RATE_LIMIT_ENABLED=false', () => {
  const app = useLimitedApp('rl_off', {
    RATE_LIMIT_ENABLED: 'false',
    RATE_LIMIT_TOKEN_IP: '1/60',
    RATE_LIMIT_TOKEN_ACCOUNT: '1/60',
  });

  it('turns every limit off', async () => {
    for (let i = 0; i < 5; i++)
      expect((await post(app, '/api/token/', { username: 'same', password: 'x' }, '203.0.113.200')).status).toBe(401);
  });
});

describe('Redis down', () => {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino(
    { level: 'info' },
    { write: (s: string) => void lines.push(JSON.parse(s) as Record<string, unknown>) },
  );
  let deadRedis: ReturnType<typeof limiterRedis>;
  beforeAll(async () => {
    // A port that was free a moment ago: nothing listens there.
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    deadRedis = limiterRedis(`redis://127.0.0.1:${port}`);
    deadRedis.connect().catch(() => undefined);
  });
  afterAll(() => deadRedis.disconnect());
  const app = useKlubApp({ RATE_LIMIT_ENABLED: 'true', TRUST_PROXY: 'true' }, () => ({
    rateLimitRedis: deadRedis,
    logger,
  }));

  it('refuses token requests with 503 (fails closed) and says so in the log', async () => {
    const user = await app.user();
    const res = await post(app, '/api/token/', { username: user.username, password: user.password }, freshIp());
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ detail: 'Service temporarily unavailable, try again later.' });
    expect(res.headers.get('retry-after')).toBe('5');
    expect(lines.some((l) => l.msg === 'rate limiter unavailable: refusing credential requests')).toBe(true);
    // HTTP Basic is a password check too, on any path.
    const authorization = `Basic ${Buffer.from(`${user.username}:${user.password}`).toString('base64')}`;
    for (const [method, path] of [
      ['GET', '/api/frontend/whoami/'],
      ['DELETE', '/api/event/'],
    ]) {
      const basic = await app.api(path!, {
        method,
        headers: { authorization, 'x-forwarded-for': freshIp(), 'accept-language': 'en' },
      });
      expect(basic.status, `${method} ${path}`).toBe(503);
      expect(basic.headers.get('retry-after')).toBe('5');
    }
  });

  it('lets reads, resets and sign-ups through (fails open) and says so in the log', async () => {
    expect((await app.api('/api/event/')).status).toBe(200);
    expect((await post(app, '/api/reset_password_email/', { email: 'a@example.org' }, freshIp())).status).toBe(200);
    // A JWT user: getting an OAuth client token would need the (closed) token endpoint.
    const user = await app.user();
    const res = await post(app, '/api/sign_up_for_event/', { email: 'b@example.org', event: 'nope' }, freshIp(), {
      authorization: `Bearer ${user.access}`,
    });
    expect(res.status).toBe(400);
    expect(lines.some((l) => l.msg === 'rate limiter unavailable: letting requests through')).toBe(true);
  });
});

import { describe, expect, it, vi } from 'vitest';
import { createOAuthApplication, encodeUid } from '@klub/domain';
import type * as Domain from '@klub/domain';
import { useKlubApp, type KlubApp } from '../helpers/klub-app.js';
import { outbox, rows } from '../signups/helpers.js';
import { expectThrottled, freshIp, useLimitedApp } from './helpers.js';

// Counts the password verifications the server makes (the only hashing of a login), so a test
// can see that a refused attempt did none.
const verifications = vi.hoisted(() => ({ count: 0 }));
vi.mock('@klub/domain', async (importOriginal) => {
  const domain = await importOriginal<typeof Domain>();
  return {
    ...domain,
    verifyLogin: (...args: Parameters<typeof domain.verifyLogin>) => {
      verifications.count += 1;
      return domain.verifyLogin(...args);
    },
  };
});

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A request from its own client address, so only the per-account counter can refuse it. */
function from(
  app: KlubApp,
  path: string,
  init: { method?: string; json?: unknown; headers?: Record<string, string> } = {},
  ip = freshIp(),
) {
  return app.api(path, { ...init, headers: { 'x-forwarded-for': ip, 'accept-language': 'en', ...init.headers } });
}

describe('every password check meets the login limits (issue 15 §2)', () => {
  // A 10-second window: 50 requests fall in it even on a busy machine, and it can be waited out.
  const app = useLimitedApp('pw_limits', { RATE_LIMIT_TOKEN_ACCOUNT: '10/10', RATE_LIMIT_TOKEN_IP: '1000/60' });

  for (const [label, method, path, okStatus] of [
    ['the 405 fallback path', 'DELETE', '/api/event/', 405],
    ['an ordinary endpoint', 'GET', '/api/frontend/whoami/', 200],
  ] as const) {
    it(`answers wrong Basic passwords on ${label} with 429 after the per-account limit, without hashing, and the right one too until the window ends`, async () => {
      const user = await app.user();
      const wrong = { method, headers: { authorization: basic(user.username, 'guess') } };
      const right = { method, headers: { authorization: basic(user.username, user.password) } };
      expect((await from(app, path, right)).status).toBe(okStatus);

      const statuses: number[] = [];
      const before = verifications.count;
      for (let i = 0; i < 50; i++) statuses.push((await from(app, path, wrong)).status);
      expect(statuses.slice(0, 10)).toEqual(Array(10).fill(403));
      expect(statuses.slice(10)).toEqual(Array(40).fill(429));
      // Only the 10 admitted guesses were verified.
      expect(verifications.count - before).toBe(10);

      const seconds = expectThrottled(await from(app, path, right), 'right password while limited');
      expect(verifications.count - before).toBe(10);
      await sleep(seconds * 1000 + 200);
      expect((await from(app, path, right)).status).toBe(okStatus);
    });
  }

  it('never locks out an integration that sends the right Basic password with every request', async () => {
    const user = await app.user();
    for (let i = 0; i < 25; i++) {
      expect(
        (await from(app, '/api/frontend/whoami/', { headers: { authorization: basic(user.username, user.password) } }))
          .status,
      ).toBe(200);
    }
  });

  it('does not lock out an integration whose concurrent right-password requests go over the limit for a moment', async () => {
    const user = await app.user();
    const whoami = () =>
      from(app, '/api/frontend/whoami/', { headers: { authorization: basic(user.username, user.password) } });
    const statuses = await Promise.all(Array.from({ length: 14 }, whoami).map(async (r) => (await r).status));
    expect(statuses.every((s) => s === 200 || s === 429)).toBe(true);
    expect((await whoami()).status).toBe(200);
  });

  it('counts the JWT and OAuth token endpoints, the browser login and Basic on one counter per account', async () => {
    const user = await app.user();
    const { application, clientSecret } = await createOAuthApplication(app.em(), {
      name: 'pw',
      scopes: 'read write',
      grant: 'password',
    });
    const grant = {
      grant_type: 'password',
      client_id: application.clientId,
      client_secret: clientSecret,
      username: user.username,
    };
    for (let i = 0; i < 3; i++)
      expect(
        (await from(app, '/api/token/', { method: 'POST', json: { username: user.username, password: 'nope' } }))
          .status,
      ).toBe(401);
    for (let i = 0; i < 3; i++)
      expect(
        (await from(app, '/api/auth/login/', { method: 'POST', json: { username: user.username, password: 'nope' } }))
          .status,
      ).toBe(400);
    for (let i = 0; i < 2; i++)
      expect((await from(app, '/api/o/token/', { method: 'POST', json: { ...grant, password: 'nope' } })).status).toBe(
        400,
      );
    for (let i = 0; i < 2; i++) {
      expect(
        (
          await from(app, '/api/event/', {
            method: 'DELETE',
            headers: { authorization: basic(user.username.toUpperCase(), 'nope') },
          })
        ).status,
      ).toBe(403);
    }
    const before = verifications.count;
    expectThrottled(
      await from(app, '/api/token/', { method: 'POST', json: { username: user.username, password: user.password } }),
      'token',
    );
    expectThrottled(
      await from(app, '/api/auth/login/', {
        method: 'POST',
        json: { username: user.username, password: user.password },
      }),
      'login',
    );
    expectThrottled(
      await from(app, '/api/o/token/', { method: 'POST', json: { ...grant, password: user.password } }),
      'oauth',
    );
    expectThrottled(
      await from(app, '/api/frontend/whoami/', { headers: { authorization: basic(user.username, user.password) } }),
      'basic',
    );
    expect(verifications.count).toBe(before);
  });

  it('does not take an OAuth client’s Basic credentials on the token endpoint for a failed user login', async () => {
    const { application, clientSecret } = await createOAuthApplication(app.em(), {
      name: 'cc',
      scopes: 'read',
      grant: 'client-credentials',
    });
    for (let i = 0; i < 12; i++) {
      const res = await from(app, '/api/o/token/', {
        method: 'POST',
        json: { grant_type: 'client_credentials' },
        headers: { authorization: basic(application.clientId, clientSecret) },
      });
      expect(res.status, `#${i + 1}`).toBe(200);
    }
  });
});

describe('per-address limit on Basic', () => {
  const app = useLimitedApp('pw_limits_ip', { RATE_LIMIT_TOKEN_IP: '5/60', RATE_LIMIT_TOKEN_ACCOUNT: '100/60' });

  it('refuses the 6th wrong Basic password from one address, whatever the account, on the 405 path too', async () => {
    const ip = freshIp();
    for (let i = 0; i < 5; i++) {
      expect(
        (
          await from(
            app,
            '/api/event/',
            { method: 'DELETE', headers: { authorization: basic(`someone${i}`, 'x') } },
            ip,
          )
        ).status,
      ).toBe(403);
    }
    expectThrottled(
      await from(app, '/api/event/', { method: 'DELETE', headers: { authorization: basic('someone-else', 'x') } }, ip),
      '405 path',
    );
    expectThrottled(
      await from(app, '/api/token/', { method: 'POST', json: { username: 'someone-else', password: 'x' } }, ip),
      'token',
    );
  });
});

describe('last_login is written by every kind of login and spends older reset links (issue 15 §5)', () => {
  const app = useKlubApp();
  const newPassword = { password_1: 'Dlouhe-heslo-1', password_2: 'Dlouhe-heslo-1' };

  async function lastLogin(id: number): Promise<string | null> {
    const [row] = await rows<{ last_login: string | null }>(
      app,
      'select last_login::text as last_login from profile where id = ?',
      [id],
    );
    return row!.last_login;
  }

  async function resetLink(email: string): Promise<string> {
    expect((await app.api('/api/reset_password_email/', { method: 'POST', json: { email } })).status).toBe(200);
    const { uid, token } = (await outbox(app)).at(-1)!.payload as { uid: string; token: string };
    return `/api/reset_password_email_confirm/${uid}/${token}/`;
  }

  const logins: Record<string, (u: { username: string; password: string }) => Promise<number>> = {
    'POST /api/token/': async (u) =>
      (await app.api('/api/token/', { method: 'POST', json: { username: u.username, password: u.password } })).status,
    'POST /api/auth/login/': async (u) =>
      (await app.api('/api/auth/login/', { method: 'POST', json: { username: u.username, password: u.password } }))
        .status,
    'POST /api/o/token/ (password grant)': async (u) => {
      const { application, clientSecret } = await createOAuthApplication(app.em(), {
        name: 'pw',
        scopes: 'read write',
        grant: 'password',
      });
      const json = {
        grant_type: 'password',
        client_id: application.clientId,
        client_secret: clientSecret,
        username: u.username,
        password: u.password,
      };
      return (await app.api('/api/o/token/', { method: 'POST', json })).status;
    },
    'HTTP Basic': async (u) =>
      (await app.api('/api/frontend/whoami/', { headers: { authorization: basic(u.username, u.password) } })).status,
  };

  for (const [kind, login] of Object.entries(logins)) {
    it(`${kind} writes last_login, and a reset link made before it then answers 403`, async () => {
      const user = await app.user();
      const link = await resetLink(`${user.username}@example.org`);
      expect(await lastLogin(user.id)).toBeNull();
      expect(await login(user)).toBe(200);
      expect(await lastLogin(user.id)).not.toBeNull();
      const res = await app.api(link, { method: 'POST', json: newPassword });
      expect(res.status).toBe(403);
    });
  }

  it('Basic writes last_login again only when a reset link may have been made since the last write', async () => {
    const user = await app.user();
    const whoami = () =>
      app.api('/api/frontend/whoami/', { headers: { authorization: basic(user.username, user.password) } });
    expect((await whoami()).status).toBe(200);
    // An earlier login (to the microsecond), not one in the second of the link below.
    await rows(app, `update profile set last_login = last_login - interval '10.5 seconds' where id = ?`, [user.id]);
    const first = await lastLogin(user.id);
    expect((await whoami()).status).toBe(200);
    expect(await lastLogin(user.id)).toBe(first);

    const link = await resetLink(`${user.username}@example.org`);
    expect((await whoami()).status).toBe(200);
    expect(await lastLogin(user.id)).not.toBe(first);
    expect((await app.api(link, { method: 'POST', json: newPassword })).status).toBe(403);
  });

  it('leaves a link made after the last login valid', async () => {
    const user = await app.user();
    expect(await logins['POST /api/token/']!(user)).toBe(200);
    await rows(app, `update profile set last_login = last_login - interval '10.5 seconds' where id = ?`, [user.id]);
    const link = await resetLink(`${user.username}@example.org`);
    expect(link).toContain(encodeUid(user.id));
    expect((await app.api(link, { method: 'POST', json: newPassword })).status).toBe(200);
  });
});

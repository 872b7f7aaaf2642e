import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import type { AnyRouter } from '@trpc/server';
import type { MikroORM } from '@mikro-orm/postgresql';
import { CustomError } from '@klub/domain';
import type { Actor, ActorUser } from '../../src/auth/actor.js';
import { createApp } from '../../src/app.js';
import { loadEnv, type KeyedEnv } from '@klub/config';
import { createLogger, type Logger } from '../../src/logger.js';
import type { ActorResolver } from '../../src/trpc/context.js';
import type { RedisPing } from '../../src/health.js';

export interface TestServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

const user = (over: Partial<ActorUser> = {}): ActorUser => ({
  id: 1,
  username: 'ann',
  isStaff: false,
  isSuperuser: false,
  isActive: true,
  roles: [],
  ...over,
});

/**
 * Test credentials: `Authorization: Bearer <name>` picks a canned actor, so tests exercise the
 * policies without the auth module or a database. `client:<scopes>` / `oauth:<scopes>` carry
 * comma-separated scopes.
 */
export const testActorResolver: ActorResolver = async (req) => {
  const header = req.headers.authorization;
  if (!header?.startsWith('Bearer ')) return { kind: 'anonymous' };
  const token = header.slice(7);
  const [name, scopeText = ''] = token.split(':');
  const scopes = scopeText ? scopeText.split(',') : [];
  const actors: Record<string, Actor> = {
    user: { kind: 'user', user: user(), via: 'jwt', scopes: null },
    staff: { kind: 'user', user: user({ isStaff: true }), via: 'jwt', scopes: null },
    organizer: { kind: 'user', user: user({ roles: ['event_organizer'] }), via: 'jwt', scopes: null },
    su: { kind: 'user', user: user({ isSuperuser: true, isStaff: true }), via: 'jwt', scopes: null },
    client: { kind: 'client', applicationId: 7, scopes },
    oauth: { kind: 'user', user: user(), via: 'oauth', scopes },
    bad: {
      kind: 'rejected',
      error: new CustomError(403, {
        detail: 'Given token not valid for any token type',
        code: 'token_not_valid',
        messages: [{ token_class: 'AccessToken', token_type: 'access', message: 'Token is invalid or expired' }],
      }),
    },
  };
  return actors[name ?? ''] ?? { kind: 'anonymous' };
};

/** The configuration of a server without a database: a signing key of this run's own. */
export function testEnv(overrides: Record<string, string> = {}): KeyedEnv {
  return { ...loadEnv({ NODE_ENV: 'test', ...overrides }), SECRET_KEY: randomBytes(32).toString('base64url') };
}

/** An ORM stand-in: the REST plumbing only forks it; readiness runs `select 1` on the fork. */
export function stubOrm(dbUp = true): MikroORM {
  const em = {
    getConnection: () => ({
      execute: async () => {
        if (!dbUp) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
        return [{ ok: 1 }];
      },
    }),
  };
  return { em: { fork: () => em } } as unknown as MikroORM;
}

export async function startServer(opts: {
  router: AnyRouter;
  orm?: MikroORM;
  redis?: RedisPing;
  env?: Record<string, string>;
  logger?: Logger;
}): Promise<TestServer> {
  const env = testEnv(opts.env);
  const app = createApp({
    env,
    orm: opts.orm ?? stubOrm(),
    logger: opts.logger ?? createLogger({ LOG_LEVEL: 'silent' }),
    resolveActor: testActorResolver,
    router: opts.router,
    redis: opts.redis,
  });
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

/** fetch + JSON body (or null for an empty body). */
export async function call(
  url: string,
  init: RequestInit & { json?: unknown } = {},
): Promise<{ status: number; body: unknown; text: string; headers: Headers }> {
  const { json, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (!headers.has('accept')) headers.set('accept', 'application/json');
  if (json !== undefined) headers.set('content-type', 'application/json');
  const res = await fetch(url, { ...rest, headers, body: json !== undefined ? JSON.stringify(json) : rest.body, redirect: 'manual' });
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = text;
  }
  return { status: res.status, body, text, headers: res.headers };
}

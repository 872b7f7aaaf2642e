import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, beforeEach, inject } from 'vitest';
import { initOrm, withSecretKey } from '@klub/db';
import { resetDatabase } from '@klub/db/testing';
import { createUserAccount, createOAuthApplication, type NewUserAccount } from '@klub/domain';
import { createApp, type AppDeps } from '../../src/app.js';
import { localResponseCache, withResponseCache, type ResponseCache } from '../../src/cache/index.js';
import { JwtService } from '../../src/auth/jwt.js';
import { createActorResolver } from '../../src/auth/resolve-actor.js';
import { SessionService } from '../../src/auth/sessions.js';
import { loadEnv, type KeyedEnv } from '../../src/env.js';
import { createLogger } from '../../src/logger.js';
import { call } from './server.js';

export interface KlubApp {
  url: string;
  orm: MikroORM;
  env: KeyedEnv;
  jwt: JwtService;
  /** A fresh EntityManager for arranging and checking data. */
  em(): ReturnType<MikroORM['em']['fork']>;
  responseCache: ResponseCache;
  /** `fetch` against the server: `api('/api/event/')`. */
  api: (path: string, init?: Parameters<typeof call>[1]) => ReturnType<typeof call>;
  /** A user with a password; returns its id and an access JWT. */
  user(over?: Partial<NewUserAccount>): Promise<{ id: number; username: string; password: string; access: string }>;
  /** An OAuth application and a client-credentials token holding `scopes`. */
  client(scopes: string): Promise<{ clientId: string; clientSecret: string; token: string }>;
}

let sequence = 0;

/**
 * The real API (real router, auth, PostgreSQL) listening on a free port, for HTTP tests. The
 * database is emptied before each test; register hooks by calling this at the top of a describe.
 */
export function useKlubApp(envOverrides: Record<string, string> = {}, extraDeps?: () => Partial<AppDeps>): KlubApp {
  let server: Server | undefined;
  const app = {} as KlubApp;

  beforeAll(async () => {
    const orm = await initOrm(inject('apiDatabaseUrl'));
    // The key as a running API has it: SECRET_KEY when a test sets one, else the installation's.
    const env = await withSecretKey(loadEnv({ NODE_ENV: 'test', RATE_LIMIT_ENABLED: 'false', ...envOverrides }), orm, () => undefined);
    const jwt = new JwtService(env.SECRET_KEY);
    const sessions = new SessionService(orm, false);
    const logger = createLogger({ LOG_LEVEL: 'silent' });
    // Every HTTP test goes through the response cache, as production does: a stale answer after
    // a write fails the test that made the write.
    const responseCache = await localResponseCache(orm, logger, env.RESPONSE_CACHE_MB * 1024 * 1024);
    const express = createApp({
      env,
      orm,
      logger,
      resolveActor: createActorResolver({ jwt, sessions, note: (sql) => responseCache.note(sql) }),
      services: { jwt, sessions },
      responseCache,
      ...extraDeps?.(),
    });
    server = createServer(withResponseCache(express, responseCache));
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const url = `http://127.0.0.1:${port}`;
    Object.assign(app, {
      url,
      orm,
      env,
      jwt,
      responseCache,
      em: () => orm.em.fork(),
      api: (path: string, init?: Parameters<typeof call>[1]) => call(url + path, init),
      async user(over: Partial<NewUserAccount> = {}) {
        const n = ++sequence;
        const username = over.username ?? `user${n}`;
        const password = over.password ?? `pw-${n}-long-enough`;
        const profile = await createUserAccount(orm.em.fork(), {
          email: `${username}@example.org`,
          ...over,
          username,
          password,
        });
        return { id: profile.id, username, password, access: await jwt.sign(profile.id, 'access') };
      },
      async client(scopes: string) {
        const em = orm.em.fork();
        const { application, clientSecret } = await createOAuthApplication(em, {
          name: `client ${++sequence}`,
          scopes,
          grant: 'client-credentials',
        });
        const res = await call(`${url}/api/o/token/`, {
          method: 'POST',
          json: { grant_type: 'client_credentials', client_id: application.clientId, client_secret: clientSecret },
        });
        const token = (res.body as { access_token: string }).access_token;
        return { clientId: application.clientId, clientSecret, token };
      },
    } satisfies KlubApp);
  });

  beforeEach(async () => {
    await resetDatabase(app.orm);
  });

  afterAll(async () => {
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server!.close(() => resolve()));
    }
    await app.orm?.close();
  });

  return app;
}

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, beforeEach, inject } from 'vitest';
import { initOrm, withSecretKey } from '@klub/db';
import { resetDatabase } from '@klub/db/testing';
import { createUserAccount, createOAuthApplication, type NewUserAccount } from '@klub/domain';
import { createApp, type AppDeps } from '../../src/app.js';
import { listeningResponseCache, withResponseCache, type ResponseCache } from '../../src/cache/index.js';
import type { TableChangeListener } from '../../src/cache/table-change-listener.js';
import { JwtService } from '../../src/auth/jwt.js';
import { createActorResolver } from '../../src/auth/resolve-actor.js';
import { SessionService } from '../../src/auth/sessions.js';
import { loadEnv, type KeyedEnv } from '@klub/config';
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
  /** The server's LISTEN connection (tests hold its notifications back). */
  cacheListener: TableChangeListener;
  /**
   * `fetch` against the server: `api('/api/event/')`. It first waits until the server has heard
   * of every change committed so far (`responseCache.sync()`), as the README promises for writes
   * from elsewhere; use `fetch(app.url + path)` to test without that wait.
   */
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
  let stopListening: (() => Promise<void>) | undefined;
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
    const listening = await listeningResponseCache(inject('apiDatabaseUrl'), logger, env.RESPONSE_CACHE_MB * 1024 * 1024);
    const responseCache = listening.cache;
    stopListening = listening.stop;
    const express = createApp({
      env,
      orm,
      logger,
      resolveActor: createActorResolver({ jwt, sessions }),
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
      cacheListener: listening.listener,
      em: () => orm.em.fork(),
      api: async (path: string, init?: Parameters<typeof call>[1]) => {
        await responseCache.sync();
        return call(url + path, init);
      },
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
    await stopListening?.();
    await app.orm?.close();
  });

  return app;
}

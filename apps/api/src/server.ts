import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Redis } from 'ioredis';
import { MikroORM } from '@mikro-orm/postgresql';
import { createOrmConfig, withSecretKey } from '@klub/db';
import { setPasswordHashConcurrency } from '@klub/domain';
import { createApp } from './app.js';
import { listeningResponseCache, withResponseCache } from './cache/index.js';
import { createActorResolver } from './auth/resolve-actor.js';
import type { Env } from '@klub/config';
import { queueDashboard } from './jobs/queue-dashboard.js';
import { createLogger } from './logger.js';
import { resilientOrmOptions } from './security/database.js';
import { createSharedServices } from './services.js';

/** In-flight requests get this long to finish after SIGTERM/SIGINT before sockets are cut. */
const SHUTDOWN_GRACE_MS = 10_000;

/** One API process: the app, its connections and its HTTP server on PORT (shared with the cluster's others). */
export async function startServer(config: Env): Promise<void> {
  const logger = createLogger(config);
  setPasswordHashConcurrency(config.PASSWORD_HASH_CONCURRENCY);
  const orm = await MikroORM.init({ ...createOrmConfig(config.DATABASE_URL), ...resilientOrmOptions(config) });
  // SECRET_KEY, or the key this installation generated into the database at its first start.
  const env = await withSecretKey(config, orm, (message) => logger.warn(message));
  const redis = new Redis(env.REDIS_URL, { maxRetriesPerRequest: 1, lazyConnect: true });
  let redisDown = false;
  redis.on('error', (err: Error) => {
    // ioredis reconnects by itself; log the outage once, not on every retry.
    if (!redisDown) logger.warn({ err }, 'redis unavailable');
    redisDown = true;
  });
  redis.on('ready', () => {
    if (redisDown) logger.info('redis available again');
    redisDown = false;
  });
  redis.connect().catch(() => undefined);
  // The rate limiter's own connection: without an offline queue a dead Redis answers at once,
  // and the limiter fails open (reads, sign-ups) or closed (token endpoints) without waiting.
  const rateLimitRedis = new Redis(env.REDIS_URL, { enableOfflineQueue: false, maxRetriesPerRequest: 0, lazyConnect: true });
  rateLimitRedis.on('error', () => undefined);
  rateLimitRedis.connect().catch(() => undefined);

  const { cache: responseCache, stop: stopCacheListener } = await listeningResponseCache(
    env.DATABASE_URL,
    logger,
    env.RESPONSE_CACHE_MB * 1024 * 1024,
  );

  const services = createSharedServices(env, orm);
  const { jwt, sessions, jobs } = services;
  const app = createApp({
    env,
    orm,
    logger,
    redis,
    rateLimitRedis,
    resolveActor: createActorResolver({ jwt, sessions }),
    services,
    queueDashboard: queueDashboard({ orm, sessions, jobs }),
    responseCache,
  });

  const server: Server = createServer(withResponseCache(app, responseCache));
  // Slow clients cannot hold sockets: headers within 10 s, the whole request within the app's timeout.
  server.headersTimeout = 10_000;
  server.requestTimeout = env.REQUEST_TIMEOUT_MS ? env.REQUEST_TIMEOUT_MS + 5_000 : 0;
  server.keepAliveTimeout = 5_000;
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(env.PORT, resolve));
  logger.info({ port: (server.address() as AddressInfo).port }, 'api listening');

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger.warn({ open: sockets.size }, 'grace period over, closing connections');
      server.closeAllConnections();
    }, SHUTDOWN_GRACE_MS);
    force.unref();
    // Stop accepting; idle keep-alive sockets close now, busy ones after their response.
    server.close(() => {
      clearTimeout(force);
      void Promise.allSettled([orm.close(), redis.quit(), rateLimitRedis.quit(), stopCacheListener(), jobs.close()]).then(() => {
        logger.info('stopped');
        process.exit(0);
      });
    });
    server.closeIdleConnections();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}


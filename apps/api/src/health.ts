import express, { type Router } from 'express';
import type { MikroORM } from '@mikro-orm/postgresql';

/** The part of an ioredis client the readiness probe needs. */
export interface RedisPing {
  ping(): Promise<string>;
}

export interface HealthDeps {
  orm: Pick<MikroORM, 'em'>;
  redis?: RedisPing;
  /** Each check gives up after this long (a hung database must not hang the probe). */
  timeoutMs?: number;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * `/healthz`: the process answers (liveness). `/readyz`: PostgreSQL answers `SELECT 1` and
 * Redis answers PING (readiness); 503 names the one that failed.
 */
export function healthRoutes(deps: HealthDeps): Router {
  const r = express.Router();
  const ms = deps.timeoutMs ?? 2000;

  r.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  r.get('/readyz', (_req, res, next) => {
    const check = async (run: () => Promise<unknown>): Promise<'ok' | 'fail'> => {
      try {
        await withTimeout(Promise.resolve().then(run), ms);
        return 'ok';
      } catch {
        return 'fail';
      }
    };
    const redis = deps.redis;
    Promise.all([
      check(() => deps.orm.em.fork().getConnection().execute('select 1')),
      redis ? check(() => redis.ping()) : Promise.resolve('skipped' as const),
    ])
      .then(([postgres, redisState]) => {
        const checks = { postgres, redis: redisState };
        const ok = postgres === 'ok' && redisState !== 'fail';
        res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'unavailable', checks });
      })
      .catch(next);
  });

  return r;
}

import { Redis } from 'ioredis';
import { loadEnv } from '../../src/env.js';

let n = 0;

/** A client address of its own for each test (sent as X-Forwarded-For, with TRUST_PROXY on), so per-address counters never leak between tests. */
export function freshIp(): string {
  n += 1;
  return `203.0.113.${(n % 250) + 1}`;
}

/** A Redis key prefix of this test file's own; `dropKeys` removes what it wrote. */
export function testPrefix(name: string): string {
  return `klub_${name}_${process.pid}`;
}

/** The machine's shared Redis (REDIS_URL); tests only touch keys under their own prefix. */
export function redisUrl(): string {
  return loadEnv().REDIS_URL;
}

/** The rate limiter's connection as main.ts makes it: no offline queue, so a dead Redis answers at once. */
export function limiterRedis(url: string): Redis {
  const r = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 0, lazyConnect: true });
  r.on('error', () => undefined);
  return r;
}

export async function dropKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
    cursor = next;
    if (keys.length) await redis.del(...keys);
  } while (cursor !== '0');
}

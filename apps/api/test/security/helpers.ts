import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { loadEnv } from '@klub/config';
import { useKlubApp, type KlubApp } from '../helpers/klub-app.js';
import type { call } from '../helpers/server.js';

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

export const THROTTLED_EN = /^Request was throttled\. Expected available in (\d+) seconds\.$/;

/** A 429 in DRF's words whose Retry-After says the same seconds as its body; returns them. */
export function expectThrottled(res: Awaited<ReturnType<typeof call>>, what?: string): number {
  expect(res.status, what).toBe(429);
  expect(res.body, what).toEqual({ detail: expect.stringMatching(THROTTLED_EN) });
  const seconds = THROTTLED_EN.exec((res.body as { detail: string }).detail)![1];
  expect(res.headers.get('retry-after'), what).toBe(seconds);
  return Number(seconds);
}

/** A Redis connection and key prefix for one describe, plus the app wired to them. */
export function useLimitedApp(name: string, env: Record<string, string>): KlubApp {
  const prefix = testPrefix(name);
  const redis = limiterRedis(redisUrl());
  beforeAll(async () => {
    await redis.connect();
  });
  const app = useKlubApp({ RATE_LIMIT_ENABLED: 'true', TRUST_PROXY: 'true', QUEUE_PREFIX: prefix, ...env }, () => ({
    rateLimitRedis: redis,
  }));
  beforeEach(async () => dropKeys(redis, prefix));
  afterAll(async () => {
    await dropKeys(redis, prefix);
    redis.disconnect();
  });
  return app;
}

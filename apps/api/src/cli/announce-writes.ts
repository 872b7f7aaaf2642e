import { Redis } from 'ioredis';
import type { MikroORM } from '@mikro-orm/postgresql';
import { TableChangeWatch, publishTableChanges } from '@klub/domain';

/**
 * A command that writes (seed-demo, createsuperuser, …) tells running API instances which tables
 * changed, as the API and the worker do, so their response caches drop what it made stale.
 * Collected while the command runs, published once at its end; a Redis that cannot be reached
 * only costs the caches their TTL.
 */
export async function announceWrites(orm: MikroORM, redisUrl: string, databaseUrl: string): Promise<() => Promise<void>> {
  const written = new Set<string>();
  await TableChangeWatch.attach(orm, (tables) => tables.forEach((t) => written.add(t)));
  return async () => {
    if (!written.size) return;
    const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 2_000, enableOfflineQueue: false });
    redis.on('error', () => undefined);
    try {
      await redis.connect();
      await publishTableChanges(redis, databaseUrl, [...written]);
    } catch {
      console.error('note: running API instances could not be told about these changes (Redis unreachable); their cached answers expire within a minute');
    } finally {
      redis.disconnect();
    }
  };
}

import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import type { MikroORM } from '@mikro-orm/postgresql';
import { initOrm } from '@klub/db';
import { makeEvent, resetDatabase } from '@klub/db/testing';
import { TableChangeWatch, publishTableChanges } from '@klub/domain';
import { freePort, privateRedis, startApi, type Child, type RedisServer } from './helpers.js';

/**
 * The response cache of a real API process (main.ts) against writes made by another process,
 * as the worker or a second API instance makes them: announced writes are seen at once; while
 * the announcements cannot arrive (Redis down) nothing is answered from memory.
 */
describe('response cache across processes (issue 7)', () => {
  let orm: MikroORM;
  let redis: RedisServer;
  let api: Child;
  let base: string;
  let announcer: Redis;

  beforeAll(async () => {
    orm = await initOrm(inject('apiDatabaseUrl'));
    await resetDatabase(orm);
    redis = await privateRedis();
    announcer = new Redis(redis.url, { maxRetriesPerRequest: 0 });
    announcer.on('error', () => undefined);
    const port = await freePort();
    api = await startApi(port, { DATABASE_URL: inject('apiDatabaseUrl'), REDIS_URL: redis.url, QUEUE_PREFIX: `klub_fault_cache_${process.pid}` });
    base = `http://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    await api?.stop('SIGKILL');
    announcer?.disconnect();
    await redis?.stop();
    await orm?.close();
  });

  const nameOf = async (id: number) => {
    const res = await fetch(`${base}/api/event/${id}/`, { headers: { accept: 'application/json' } });
    expect(res.status).toBe(200);
    return ((await res.json()) as { name: string }).name;
  };
  const rename = (id: number, name: string) => orm.em.fork().getConnection().execute('update event set name = ? where id = ?', [name, id]);

  it('sees another process’s announced write at once, and answers from the database while it cannot hear', { timeout: 60_000 }, async () => {
    const event = await makeEvent(orm.em.fork(), { name: 'První', publicOnWeb: true });
    // Wait until the API follows the announcements (it logs when the cache turns on).
    const logged = (msg: string) => api.lines.some((l) => l.msg === msg);
    for (let i = 0; i < 100 && !logged('response cache on: following table changes'); i++) await sleep(50);
    expect(logged('response cache on: following table changes')).toBe(true);
    expect(await nameOf(event.id)).toBe('První');

    // A write nobody announces stays unseen: the answer really comes from memory.
    await rename(event.id, 'Tichá změna');
    expect(await nameOf(event.id)).toBe('První');

    // The same write announced, as every process of ours does after its commit.
    await TableChangeWatch.attach(orm, (tables) => {
      publishTableChanges(announcer, inject('apiDatabaseUrl'), tables).catch(() => undefined);
    });
    await rename(event.id, 'Druhý');
    let seen = '';
    for (let i = 0; i < 50 && seen !== 'Druhý'; i++) {
      seen = await nameOf(event.id);
      if (seen !== 'Druhý') await sleep(20);
    }
    expect(seen).toBe('Druhý');

    // Redis gone: changes elsewhere could be missed, so every answer is computed.
    await redis.stop();
    for (let i = 0; i < 100 && !logged('response cache off: table-change subscription lost'); i++) await sleep(50);
    expect(logged('response cache off: table-change subscription lost')).toBe(true);
    await rename(event.id, 'Bez Redisu');
    expect(await nameOf(event.id)).toBe('Bez Redisu');
    await redis.start();
  });
});

import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import type { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import { initOrm } from '@klub/db';
import { makeEvent, resetDatabase } from '@klub/db/testing';
import { freePort, privateRedis, startApi, type Child, type RedisServer } from './helpers.js';

/**
 * The response cache of a real API process (main.ts) against writes made elsewhere, here a
 * plain SQL connection as psql would make them: PostgreSQL notifies the API at commit, and the
 * next read after the notification arrived is the new data (the README's promise). While the
 * API's LISTEN connection is down nothing is answered from memory.
 */
describe('response cache across processes (issue 16 §1)', () => {
  let orm: MikroORM;
  let redis: RedisServer;
  let api: Child;
  let base: string;
  let psql: pg.Client;
  let watcher: pg.Client;
  let heard: string[] = [];

  beforeAll(async () => {
    orm = await initOrm(inject('apiDatabaseUrl'));
    await resetDatabase(orm);
    redis = await privateRedis();
    psql = new pg.Client({ connectionString: inject('apiDatabaseUrl') });
    await psql.connect();
    // The test hears the notifications too: it asks the API only once they were sent to both.
    watcher = new pg.Client({ connectionString: inject('apiDatabaseUrl') });
    await watcher.connect();
    watcher.on('notification', (n) => heard.push(n.payload ?? ''));
    await watcher.query('LISTEN klub_table_changes');
    const port = await freePort();
    api = await startApi(port, { DATABASE_URL: inject('apiDatabaseUrl'), REDIS_URL: redis.url, QUEUE_PREFIX: `klub_fault_cache_${process.pid}` });
    base = `http://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    await api?.stop('SIGKILL');
    await psql?.end();
    await watcher?.end();
    await redis?.stop();
    await orm?.close();
  });

  const nameOf = async (id: number) => {
    const res = await fetch(`${base}/api/event/${id}/`, { headers: { accept: 'application/json' } });
    expect(res.status).toBe(200);
    return ((await res.json()) as { name: string }).name;
  };
  const rename = async (id: number, name: string) => {
    heard = [];
    await psql.query('update event set name = $1 where id = $2', [name, id]);
    for (let i = 0; i < 100 && !heard.includes('event'); i++) await sleep(10);
    expect(heard).toContain('event');
  };
  const logged = (msg: string) => api.lines.some((l) => l.msg === msg);

  it('a plain SQL write is answered by the next read once its notification arrived; nothing is kept while the listener is down', { timeout: 60_000 }, async () => {
    const event = await makeEvent(orm.em.fork(), { name: 'První', publicOnWeb: true });
    for (let i = 0; i < 100 && !logged('response cache on: following table changes'); i++) await sleep(50);
    expect(logged('response cache on: following table changes')).toBe(true);
    await sleep(100);
    expect(await nameOf(event.id)).toBe('První');
    expect(await nameOf(event.id)).toBe('První');

    // Several times: each read must see the write the notification announced, from any process.
    for (const name of ['Druhý', 'Třetí', 'Čtvrtý']) {
      await rename(event.id, name);
      // The API heard it within the same delivery; a few ms of slack for its socket.
      let seen = await nameOf(event.id);
      for (let i = 0; i < 20 && seen !== name; i++) {
        await sleep(5);
        seen = await nameOf(event.id);
      }
      expect(seen).toBe(name);
    }

    // The LISTEN connection cut (as by a PostgreSQL restart or a network fault): the cache is off
    // until it is back, and everything kept before is dropped then.
    await psql.query(`select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'klub cache listener'`);
    for (let i = 0; i < 100 && !logged('response cache off: table-change listener lost'); i++) await sleep(20);
    expect(logged('response cache off: table-change listener lost')).toBe(true);
    await psql.query('update event set name = $1 where id = $2', ['Bez posluchače', event.id]);
    expect(await nameOf(event.id)).toBe('Bez posluchače');
  });
});

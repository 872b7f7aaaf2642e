import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { ALL_TABLES, TableChangeWatch, batchedAnnouncer } from '@klub/domain';
import { TableGenerations } from '../../src/cache/table-generations.js';
import { createLogger } from '../../src/logger.js';

describe('TableChangeWatch.tablesOf: the tables a statement depends on or changes', () => {
  const watch = new TableChangeWatch(new Set(['event', 'payment', 'profile', 'interaction_type', 'event_administrative_units']), () => undefined);

  it('names every known table a read mentions: joins, comma joins, subqueries, quoted names', () => {
    expect(watch.tablesOf('select * from "event" as "e0" left join event_administrative_units u on u.event_id = e0.id')).toEqual({
      tables: ['event', 'event_administrative_units'],
      writes: false,
    });
    expect([...watch.tablesOf('select 1 from generate_series(1, 3) g, interaction_type t where exists (select 1 from PAYMENT)').tables].sort()).toEqual([
      'interaction_type',
      'payment',
    ]);
    expect(watch.tablesOf('select 1').tables).toEqual([]);
  });

  it('counts a statement that can modify data as a write of every table it names; TRUNCATE as a write of all', () => {
    expect(watch.tablesOf('insert into payment (amount) select amount from profile')).toEqual({ tables: ['payment', 'profile'], writes: true });
    expect(watch.tablesOf('with x as (update event set name = ? returning id) select * from x').writes).toBe(true);
    expect(watch.tablesOf('truncate table event, payment cascade')).toEqual({ tables: [ALL_TABLES], writes: true });
  });

  it('takes an EXECUTE of a statement it saw prepared for that statement, an unknown one for every table', () => {
    const w = new TableChangeWatch(new Set(['event', 'payment', 'profile']), () => undefined);
    w.tablesOf('prepare klub_p_0a1b as select id from event where id = $1;\nprepare klub_p_2c3d as insert into profile (name) values ($1)');
    expect(w.tablesOf("execute klub_p_0a1b('7')")).toEqual({ tables: ['event'], writes: false });
    expect(w.tablesOf("select 1 from payment;\nexecute klub_p_2c3d('new')")).toEqual({ tables: ['payment', 'profile'], writes: true });
    expect(w.tablesOf('execute klub_p_ffff(1)')).toEqual({ tables: [ALL_TABLES], writes: true });
  });
});

describe('batchedAnnouncer', () => {
  it('publishes the tables announced in one event-loop turn once, together', async () => {
    const published: string[][] = [];
    const announce = batchedAnnouncer(async (tables) => void published.push(tables.sort()), () => undefined);
    announce(['event']);
    announce(['payment', 'event']);
    announce(['profile']);
    expect(published).toEqual([]);
    await new Promise((r) => setImmediate(r));
    expect(published).toEqual([['event', 'payment', 'profile']]);
    announce(['interaction']);
    await new Promise((r) => setImmediate(r));
    expect(published).toEqual([['event', 'payment', 'profile'], ['interaction']]);
  });
});

describe('TableGenerations over Redis pub/sub', () => {
  const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const channel = `klub:table-changes:test-${process.pid}`;
  const publisher = new Redis(url);
  const subscriber = new Redis(url);
  afterAll(() => {
    publisher.disconnect();
    subscriber.disconnect();
  });
  const until = async (condition: () => boolean) => {
    for (let i = 0; i < 100 && !condition(); i++) await sleep(20);
    return condition();
  };

  it('is live once subscribed, follows announcements per table, and trusts nothing while disconnected', async () => {
    const generations = TableGenerations.subscribe(subscriber, channel, createLogger({ LOG_LEVEL: 'silent' }));
    expect(await until(() => generations.live)).toBe(true);
    const before = generations.current();
    expect(generations.unchangedSince(before, ['event', 'payment'])).toBe(true);

    await publisher.publish(channel, JSON.stringify(['event']));
    expect(await until(() => !generations.unchangedSince(before, ['event']))).toBe(true);
    expect(generations.unchangedSince(before, ['payment'])).toBe(true);

    subscriber.disconnect();
    expect(await until(() => !generations.live)).toBe(true);
    const whileDown = generations.current();
    expect(generations.unchangedSince(whileDown, ['payment'])).toBe(false);

    // Announcements made while away are lost, so everything from before counts as changed.
    await subscriber.connect();
    expect(await until(() => generations.live)).toBe(true);
    expect(generations.unchangedSince(whileDown, ['payment'])).toBe(false);
    expect(generations.unchangedSince(generations.current(), ['payment'])).toBe(true);
  });
});

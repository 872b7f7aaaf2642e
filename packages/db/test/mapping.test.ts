import type { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  AccountStatement,
  EVENT_NAME_ORDER_SQL,
  Event,
  OutboxMessage,
  PROFILE_SEARCH_SQL,
  Payment,
  PdfStorage,
  initOrm,
} from '../src/index.js';
import { makeEvent, makePayment, makeProfile, makeUnit, resetDatabase } from '../src/testing/index.js';
import { TEST_DATABASE_URL } from './helpers.js';

describe('column mapping', () => {
  let orm: MikroORM;
  beforeAll(async () => {
    orm = await initOrm(TEST_DATABASE_URL);
  });
  beforeEach(async () => {
    await resetDatabase(orm);
  });
  afterAll(async () => {
    await orm.close(true);
  });

  it('round-trips calendar dates as YYYY-MM-DD strings', async () => {
    const payment = await makePayment(orm.em.fork(), { date: '2024-02-29' });
    const loaded = await orm.em.fork().findOneOrFail(Payment, payment.id);
    expect(loaded.date).toBe('2024-02-29');
    expect(await orm.em.fork().count(Payment, { date: { $gte: '2024-02-29', $lt: '2024-03-01' } })).toBe(1);
  });

  it('maps timestamptz to Date', async () => {
    const start = new Date('2026-06-01T22:30:00Z');
    const event = await makeEvent(orm.em.fork(), { datetimeFrom: start });
    const loaded = await orm.em.fork().findOneOrFail(Event, event.id);
    expect(loaded.datetimeFrom).toEqual(start);
  });

  it('maps text[] and int[] to arrays', async () => {
    const event = await makeEvent(orm.em.fork(), { diet: ['vegan', 'gluten_free'] });
    expect((await orm.em.fork().findOneOrFail(Event, event.id)).diet).toEqual(['vegan', 'gluten_free']);
    expect((await orm.em.fork().findOneOrFail(Event, (await makeEvent(orm.em.fork())).id)).diet).toEqual([]);

    const em = orm.em.fork();
    const unit = await makeUnit(em);
    em.create(PdfStorage, {
      name: 'a',
      topic: 't',
      pdfFile: 'pdf_storage/a.pdf',
      relatedIds: [3, 14],
      administrativeUnit: unit,
    });
    em.create(PdfStorage, {
      name: 'b',
      topic: 't',
      pdfFile: 'pdf_storage/b.pdf',
      relatedIds: [15],
      administrativeUnit: unit,
    });
    await em.flush();
    const found = await orm.em.fork().find(PdfStorage, { relatedIds: { $contains: [14] } });
    expect(found.map((p) => [p.name, p.relatedIds])).toEqual([['a', [3, 14]]]);
  });

  it('fills JSON defaults and keeps bigint ids as numbers', async () => {
    const em = orm.em.fork();
    const statement = em.create(AccountStatement, { type: 'account_kb' });
    const message = em.create(OutboxMessage, { jobName: 'email.password-reset', payload: { email: 'a@b.cz' } });
    await em.flush();
    const fresh = orm.em.fork();
    const loaded = await fresh.findOneOrFail(AccountStatement, statement.id);
    expect([loaded.status, loaded.progress, loaded.errors]).toEqual(['queued', 0, []]);
    const outbox = await fresh.findOneOrFail(OutboxMessage, message.id);
    expect(typeof outbox.id).toBe('number');
    expect(outbox.payload).toEqual({ email: 'a@b.cz' });
    expect((await makePayment(fresh)).customFields).toEqual({});
  });

  it('finds profiles by accent-folded text through the trigram index', async () => {
    await makeProfile(orm.em.fork(), { firstName: 'Žofie', lastName: 'Dvořáková', email: 'zofie@example.cz' });
    await makeProfile(orm.em.fork(), { firstName: 'Petr', lastName: 'Novák' });
    const em = orm.em.fork();
    const rows = await em.execute<{ first_name: string }[]>(
      `select first_name from profile where ${PROFILE_SEARCH_SQL} like '%' || public.klub_fold(?) || '%'`,
      ['DVORAK'],
    );
    expect(rows.map((r) => r.first_name)).toEqual(['Žofie']);
    await em.transactional(async (tx) => {
      await tx.execute('set local enable_seqscan = off');
      const plan = await tx.execute<{ 'QUERY PLAN': string }[]>(
        `explain select id from profile where ${PROFILE_SEARCH_SQL} like '%dvorak%'`,
      );
      expect(plan.map((r) => r['QUERY PLAN']).join('\n')).toContain('profile_search_trgm_index');
    });
  });

  it('orders events by folded name through the ordering index', async () => {
    for (const name of ['Zoo', 'Čistá řeka', 'cyklo', 'Ábel']) await makeEvent(orm.em.fork(), { name });
    const em = orm.em.fork();
    const rows = await em.execute<{ name: string }[]>(`select name from event order by ${EVENT_NAME_ORDER_SQL}, id`);
    expect(rows.map((r) => r.name)).toEqual(['Ábel', 'Čistá řeka', 'cyklo', 'Zoo']);
    await em.transactional(async (tx) => {
      await tx.execute('set local enable_seqscan = off');
      await tx.execute('set local enable_sort = off');
      const plan = await tx.execute<{ 'QUERY PLAN': string }[]>(
        `explain select id from event order by ${EVENT_NAME_ORDER_SQL}, id limit 10`,
      );
      expect(plan.map((r) => r['QUERY PLAN']).join('\n')).toContain('event_name_fold_index');
    });
  });
});

import type { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Event, MoneyAccount, initOrm, seedDemo } from '../src/index.js';
import { resetDatabase } from '../src/testing/index.js';
import { TEST_DATABASE_URL } from './helpers.js';

async function rowCounts(orm: MikroORM): Promise<Record<string, number>> {
  const em = orm.em.fork();
  const result: Record<string, number> = {};
  for (const meta of Object.values(orm.getMetadata().getAll())) {
    const rows = await em.execute<{ n: number }[]>(`select count(*)::int as n from "${meta.tableName}"`);
    result[meta.tableName] = rows[0]?.n ?? -1;
  }
  return result;
}

describe('seedDemo (operations.md §2 seed-demo)', () => {
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

  it('creates units, accounts, events, people, channels and payments', async () => {
    await seedDemo(orm.em.fork());
    const counts = await rowCounts(orm);
    expect(counts).toMatchObject({
      administrative_unit: 2,
      money_account: 2,
      location: 1,
      profile: 20,
      profile_email: 20,
      telephone: 20,
      donor_payment_channel: 12,
      payment: 36,
    });
    expect(counts.event).toBeGreaterThanOrEqual(6);
    const em = orm.em.fork();
    expect(await em.count(Event, { publicOnWeb: true })).toBeGreaterThan(0);
    expect(await em.count(Event, { slug: 'obecne' })).toBe(1);
    expect(await em.count(Event, { eventType: { slug: 'tabor' } })).toBe(1);
    expect((await em.findOneOrFail(MoneyAccount, { slug: 'obecne_darujme' })).kind).toBe('bank');
  });

  it('changes no row count when run twice', async () => {
    await seedDemo(orm.em.fork());
    const first = await rowCounts(orm);
    await seedDemo(orm.em.fork());
    expect(await rowCounts(orm)).toEqual(first);
  });
});

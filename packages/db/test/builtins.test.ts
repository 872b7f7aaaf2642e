import type { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  InteractionCategory,
  InteractionStatus,
  InteractionType,
  OrganizationPosition,
  ensureBuiltinRows,
  initOrm,
} from '../src/index.js';
import { resetDatabase } from '../src/testing/index.js';
import { TEST_DATABASE_URL } from './helpers.js';

async function counts(orm: MikroORM) {
  const em = orm.em.fork();
  return {
    categories: await em.count(InteractionCategory),
    types: await em.count(InteractionType),
    statuses: await em.count(InteractionStatus),
    positions: await em.count(OrganizationPosition),
  };
}

describe('ensureBuiltinRows (api.md §12.1)', () => {
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

  it('creates the built-in categories, types, status and position', async () => {
    const em = orm.em.fork();
    const types = await em.find(InteractionType, {}, { populate: ['category'], orderBy: { id: 'asc' } });
    expect(types.map((t) => [t.category.getEntity().slug, t.slug, t.name, t.sendEmail, t.sendSms])).toEqual([
      ['event_interaction', 'event_registration', 'Registrace do akci', false, false],
      ['event_interaction', 'event_attendance', 'Účast na akci', false, false],
      ['volunteer', 'volunteer', 'Nabídka o pomoci', false, false],
      ['membership', 'membership-application', 'Žadost o Členství', false, false],
      ['membership', 'membership-approval', 'Přijetí Členství', false, false],
    ]);
    const categories = await em.find(InteractionCategory, {}, { orderBy: { id: 'asc' } });
    expect(categories.map((c) => [c.slug, c.category])).toEqual([
      ['event_interaction', 'Účast na akci'],
      ['volunteer', 'Nabídka o pomoci'],
      ['membership', 'Členství'],
      ['emails', 'emails'],
    ]);
    expect((await em.find(InteractionStatus, {})).map((s) => s.status)).toEqual(['Unknown']);
    expect((await em.find(OrganizationPosition, {})).map((p) => p.name)).toEqual(['Event creator']);
  });

  it('changes nothing when run again, even concurrently', async () => {
    const before = await counts(orm);
    await ensureBuiltinRows(orm.em.fork());
    await Promise.all([ensureBuiltinRows(orm.em.fork()), ensureBuiltinRows(orm.em.fork())]);
    expect(await counts(orm)).toEqual(before);
  });

  it('keeps a renamed built-in type as the administrator left it', async () => {
    const em = orm.em.fork();
    const type = await em.findOneOrFail(InteractionType, { slug: 'volunteer' });
    type.name = 'Chci pomoct';
    await em.flush();
    await ensureBuiltinRows(orm.em.fork());
    const again = await orm.em.fork().findOneOrFail(InteractionType, { slug: 'volunteer' });
    expect(again.name).toBe('Chci pomoct');
  });
});

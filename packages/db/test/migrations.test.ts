import { readdir } from 'node:fs/promises';
import type { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initOrm } from '../src/index.js';
import { TEST_DATABASE_URL } from './helpers.js';

describe('migrations (applied to an empty database by the global setup)', () => {
  let orm: MikroORM;
  beforeAll(async () => {
    orm = await initOrm(TEST_DATABASE_URL);
  });
  afterAll(async () => {
    await orm.close(true);
  });

  it('applies every migration file and leaves none pending', async () => {
    const migrator = orm.getMigrator();
    const files = (await readdir(new URL('../src/migrations', import.meta.url))).filter((f) => f.endsWith('.ts'));
    const executed = await migrator.getExecutedMigrations();
    expect(executed.map((m) => `${m.name}.ts`).sort()).toEqual(files.sort());
    expect(await migrator.getPendingMigrations()).toEqual([]);
  });

  it('leaves no difference between the entities and the snapshot', async () => {
    expect(await orm.getMigrator().checkMigrationNeeded()).toBe(false);
  });

  it('leaves no difference between the entities and the live schema', async () => {
    expect(await orm.schema.getUpdateSchemaSQL({ wrap: false })).toBe('');
  });

  it('installs klub_fold(), which folds accents and case', async () => {
    const rows = await orm.em
      .fork()
      .execute<{ folded: string }[]>(`select public.klub_fold('Žluťoučký KŮŇ') as folded`);
    expect(rows).toEqual([{ folded: 'zlutoucky kun' }]);
  });
});

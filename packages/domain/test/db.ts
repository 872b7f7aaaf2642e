import type { MikroORM } from '@mikro-orm/postgresql';
import { initOrm } from '@klub/db';
import { resetDatabase, runDatabaseUrl } from '@klub/db/testing';
import { afterAll, beforeAll, beforeEach } from 'vitest';

/** This run's migrated database (test/global-setup.ts), emptied before each test. */
export function useTestDatabase(): { orm: () => MikroORM } {
  let orm: MikroORM | undefined;
  beforeAll(async () => {
    orm = await initOrm(runDatabaseUrl());
  });
  afterAll(async () => {
    await orm?.close();
  });
  beforeEach(async () => {
    await resetDatabase(orm!);
  });
  return { orm: () => orm! };
}

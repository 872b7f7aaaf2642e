import type { MikroORM } from '@mikro-orm/postgresql';
import { prepareTestDatabase, resetDatabase, testDatabaseUrl } from '@klub/db/testing';
import { afterAll, beforeAll, beforeEach } from 'vitest';

/** A migrated database of this package's own, emptied before each test. */
export function useTestDatabase(): { orm: () => MikroORM } {
  let orm: MikroORM | undefined;
  beforeAll(async () => {
    orm = await prepareTestDatabase(testDatabaseUrl('klub_domain_test'));
  });
  afterAll(async () => {
    await orm?.close();
  });
  beforeEach(async () => {
    await resetDatabase(orm!);
  });
  return { orm: () => orm! };
}

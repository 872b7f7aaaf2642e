import type { MikroORM } from '@mikro-orm/postgresql';
import { prepareTestDatabase, resetDatabase, testDatabaseUrl } from '@klub/db/testing';
import { afterAll, beforeAll, beforeEach } from 'vitest';

/**
 * The payment tests' own database (not klub_domain_test), so they can run while another
 * package's tests recreate theirs.
 */
export function usePaymentsDatabase(): { orm: () => MikroORM } {
  let orm: MikroORM | undefined;
  beforeAll(async () => {
    orm = await prepareTestDatabase(testDatabaseUrl('klub_payments_test'));
  });
  afterAll(async () => {
    await orm?.close();
  });
  beforeEach(async () => {
    await resetDatabase(orm!);
  });
  return { orm: () => orm! };
}

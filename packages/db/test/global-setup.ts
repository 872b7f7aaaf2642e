import { prepareTestDatabase } from '../src/testing/index.js';
import { TEST_DATABASE_URL } from './helpers.js';

/** Recreates and migrates the test database once per run. */
export default async function setup(): Promise<void> {
  const orm = await prepareTestDatabase(TEST_DATABASE_URL);
  await orm.close(true);
}

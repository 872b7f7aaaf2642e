import { prepareTestDatabase } from '@klub/db/testing';
import { TEST_DATABASE_URL } from './helpers/harness.js';

/** Recreates and migrates klub_worker_test once per run. */
export default async function setup(): Promise<void> {
  const orm = await prepareTestDatabase(TEST_DATABASE_URL);
  await orm.close(true);
}

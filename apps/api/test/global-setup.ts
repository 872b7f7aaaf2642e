import { prepareTestDatabase, testDatabaseUrl } from '@klub/db/testing';

export const API_TEST_DB = 'klub_api_test';

/** Recreate and migrate the API's test database once per run. */
export default async function setup(): Promise<void> {
  const orm = await prepareTestDatabase(testDatabaseUrl(API_TEST_DB));
  await orm.close();
}

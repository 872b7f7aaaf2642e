import { testDatabaseUrl } from '../src/testing/index.js';

export const TEST_DATABASE_URL = testDatabaseUrl('klub_db_test');

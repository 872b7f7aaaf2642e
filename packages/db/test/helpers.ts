import { runDatabaseUrl } from '../src/testing/index.js';

export const TEST_DATABASE_URL = runDatabaseUrl();

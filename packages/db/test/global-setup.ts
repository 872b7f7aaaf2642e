import { setupRunDatabase } from '../src/testing/index.js';

/** Creates and migrates this run's test database; the returned teardown drops it. */
export default function setup(): Promise<() => Promise<void>> {
  return setupRunDatabase('klub_db_test');
}

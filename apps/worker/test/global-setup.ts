import { setupRunDatabase } from '@klub/db/testing';

/** Creates and migrates this run's test database; the returned teardown drops it. */
export default function setup(): Promise<() => Promise<void>> {
  return setupRunDatabase('klub_worker_test');
}

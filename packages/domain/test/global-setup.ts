import { setupRunDatabase } from '@klub/db/testing';

/** Creates and migrates this run's test database, shared by the files in turn; the returned teardown drops it. */
export default function setup(): Promise<() => Promise<void>> {
  return setupRunDatabase('klub_domain_test');
}

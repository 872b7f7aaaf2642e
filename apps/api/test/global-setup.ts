import type { TestProject } from 'vitest/node';
import { runDatabaseUrl, setupRunDatabase } from '@klub/db/testing';

declare module 'vitest' {
  export interface ProvidedContext {
    apiDatabaseUrl: string;
  }
}

/**
 * Create and migrate a database for this run only (named after the process, so concurrent
 * runs on one machine never drop each other's data), and drop it afterwards.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const teardown = await setupRunDatabase('klub_api_test');
  project.provide('apiDatabaseUrl', runDatabaseUrl());
  return teardown;
}

import type { TestProject } from 'vitest/node';
import { prepareTestDatabase, testDatabaseUrl } from '@klub/db/testing';

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
  const url = testDatabaseUrl(`klub_api_test_${process.pid}`);
  const orm = await prepareTestDatabase(url);
  await orm.close();
  project.provide('apiDatabaseUrl', url);
  return async () => {
    const name = new URL(url).pathname.slice(1);
    const admin = new URL(url);
    admin.pathname = '/postgres';
    const { MikroORM } = await import('@mikro-orm/postgresql');
    const { createOrmConfig } = await import('@klub/db');
    const maintenance = await MikroORM.init(createOrmConfig(admin.toString()));
    await maintenance.em.getConnection().execute(`drop database if exists "${name}" with (force)`);
    await maintenance.close(true);
  };
}

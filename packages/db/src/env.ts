import { loadEnv } from '@klub/config';

/** `DATABASE_URL` as the one environment module (@klub/config) reads it, with its default. */
export function databaseUrl(): string {
  return loadEnv().DATABASE_URL;
}

/** `TEST_DATABASE_URL`, else `dbName` on the project machines' server (trust auth, user postgres). */
export function testDatabaseUrl(dbName: string): string {
  return loadEnv().TEST_DATABASE_URL ?? `postgres://postgres@127.0.0.1:5432/${dbName}`;
}

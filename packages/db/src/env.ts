/** The only reader of process.env in @klub/db. */
export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/klub';

export function databaseUrl(): string {
  return nonEmpty(process.env.DATABASE_URL) ?? DEFAULT_DATABASE_URL;
}

/** `TEST_DATABASE_URL`, else `dbName` on the project machines' server (trust auth, user postgres). */
export function testDatabaseUrl(dbName: string): string {
  return nonEmpty(process.env.TEST_DATABASE_URL) ?? `postgres://postgres@127.0.0.1:5432/${dbName}`;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

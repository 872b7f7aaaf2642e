import type { Options } from '@mikro-orm/postgresql';
import type { Env } from '@klub/config';

/**
 * Connection settings that make a database outage answer fast (issue 7): a refused or hung
 * connect gives up after 3 s and a request waits at most 5 s for a pooled connection, so a
 * restart of PostgreSQL costs clients a quick 503, never a minute-long hang; a statement
 * cannot outlive the request timeout. Knex's defaults are 60 s and unbounded.
 */
export function resilientOrmOptions(env: Pick<Env, 'REQUEST_TIMEOUT_MS'>): Partial<Options> {
  return {
    driverOptions: {
      acquireConnectionTimeout: 5_000,
      connection: {
        connectionTimeoutMillis: 3_000,
        ...(env.REQUEST_TIMEOUT_MS ? { statement_timeout: env.REQUEST_TIMEOUT_MS } : {}),
      },
    },
  };
}

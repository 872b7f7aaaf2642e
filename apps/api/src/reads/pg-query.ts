import type { MikroORM } from '@mikro-orm/postgresql';

/** One statement on a pooled connection, rows as arrays: no ORM, no query builder in between. */
export type RawQuery = (statement: NamedStatement, values: readonly unknown[]) => Promise<unknown[][]>;

/** A statement PostgreSQL prepares once per connection (by `name`) and then only executes. */
export interface NamedStatement {
  name: string;
  text: string;
}

interface PgClient {
  query(config: { name: string; text: string; values: unknown[]; rowMode: 'array' }): Promise<{ rows: unknown[][] }>;
}

interface KnexLike {
  client: KnexClient;
  listenerCount(event: string): number;
  emit(event: string, payload: unknown): boolean;
}

interface KnexClient {
  acquireConnection(): Promise<PgClient>;
  releaseConnection(connection: PgClient): Promise<unknown>;
}

/**
 * Runs statements on the ORM's own pool (its size, its `statement_timeout`), taking the
 * connection from knex's client directly: per statement this skips MikroORM's and knex's
 * parameter formatting and logging, and the named statement skips PostgreSQL's parse and plan.
 */
export function rawQueryOf(orm: Pick<MikroORM, 'em'>): RawQuery {
  return async (statement, values) => {
    const knex = orm.em.getConnection().getKnex() as unknown as KnexLike;
    // Whoever follows knex's statements (tests that explain or count them) sees these too.
    if (knex.listenerCount('query') > 0) knex.emit('query', { sql: statement.text, bindings: [...values] });
    const pool = knex.client;
    const connection = await pool.acquireConnection();
    try {
      const result = await connection.query({ name: statement.name, text: statement.text, values: [...values], rowMode: 'array' });
      return result.rows;
    } finally {
      await pool.releaseConnection(connection);
    }
  };
}

/** Knex's `?` placeholders → PostgreSQL's `$1, $2, …` (for statements written for `execute`). */
export function positional(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

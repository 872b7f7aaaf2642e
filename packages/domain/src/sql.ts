import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Run one SQL statement on `em`'s connection, inside `em`'s transaction when there is one.
 * (`getConnection().execute` alone would silently run outside the caller's transaction.)
 * Array parameters expand to `?, ?, …` lists, so write `in (?)`, never `= any(?)`.
 */
export async function execute<T = Record<string, unknown>[]>(
  em: EntityManager,
  sql: string,
  params: readonly unknown[] = [],
): Promise<T> {
  const rows: unknown = await em.getConnection().execute(sql, [...params], 'all', em.getTransactionContext());
  return rows as T;
}

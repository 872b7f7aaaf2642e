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

/**
 * Runs `fn` in `em`'s transaction when there is one (the sign-up writer's, a caller's larger unit
 * of work), else in a new one. A nested `em.transactional` would add SAVEPOINT round trips.
 */
export function inTransaction<T>(em: EntityManager, fn: (tx: EntityManager) => Promise<T>): Promise<T> {
  return em.isInTransaction() ? fn(em) : em.transactional(fn);
}

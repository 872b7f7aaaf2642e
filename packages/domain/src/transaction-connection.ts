import type { EntityManager, Knex } from '@mikro-orm/postgresql';

/**
 * The driver's (pg) connection of `em`'s transaction, for what only it can do: COPY, prepared
 * statements (they belong to a session). knex hands out the transaction's own connection, never a
 * pooled one.
 */
export async function transactionConnection<T>(em: EntityManager): Promise<T> {
  const trx = em.getTransactionContext<Knex.Transaction>();
  if (!trx) throw new Error('transactionConnection needs a transaction');
  const knexClient = trx.client as unknown as { acquireConnection(): Promise<unknown> };
  return (await knexClient.acquireConnection()) as T;
}

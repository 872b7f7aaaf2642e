import type { EntityManager } from '@mikro-orm/postgresql';
import { TransactionBatcher } from '@klub/domain';
import type { Context } from '../../trpc/context.js';

/** The sign-up batcher of one app: batches of at most `maxBatch` sign-ups (1 turns batching off). */
export function signupBatcher(em: EntityManager, maxBatch: number): TransactionBatcher {
  return new TransactionBatcher(em, { maxBatch });
}

/** Runs a sign-up in the app's batcher. */
export function batchedSignup<T>(ctx: Pick<Context, 'services'>, work: (tx: EntityManager) => Promise<T>): Promise<T> {
  return ctx.services.signups.run(work);
}

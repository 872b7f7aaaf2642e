import type { EntityManager } from '@mikro-orm/postgresql';
import { TransactionBatcher } from '@klub/domain';
import type { ResponseCache } from '../../cache/response-cache.js';
import type { Context } from '../../trpc/context.js';

declare module '../../trpc/context.js' {
  interface AppServices {
    /** Group commit of the public sign-ups (domain `TransactionBatcher`), built by `createApp`. */
    signups: TransactionBatcher;
  }
}

/**
 * The sign-up batcher of one app: batches of at most `maxBatch` sign-ups (1 turns batching off),
 * each batch in a change scope of the response cache, so its writes are announced when it has
 * committed, before any of its answers leaves.
 */
export function signupBatcher(
  em: EntityManager,
  maxBatch: number,
  cache: ResponseCache | undefined,
): TransactionBatcher {
  return new TransactionBatcher(em, {
    maxBatch,
    scope: cache ? (fn) => cache.scoped(fn) : undefined,
    note: cache ? (sql) => cache.note(sql) : undefined,
  });
}

/** Runs a sign-up in the app's batcher. */
export function batchedSignup<T>(ctx: Pick<Context, 'services'>, work: (tx: EntityManager) => Promise<T>): Promise<T> {
  return ctx.services.signups.run(work);
}

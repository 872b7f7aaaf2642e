import type { Actor } from '../auth/actor.js';
import type { CacheLocals, CachePolicy } from './response-cache.js';

interface CachedCall<R> {
  ctx: { actor: Actor; res: { locals: Record<string, unknown> } };
  type: string;
  meta: { cache?: CachePolicy } | undefined;
  next: () => Promise<R>;
}

/** Set by the response cache's middleware: announces the request's committed writes. */
export interface ChangeLocals {
  flushChanges?: () => void;
}

/**
 * The tRPC middleware body under every procedure: tells the response cache whether and how long
 * this answer may be kept, and announces the procedure's writes as soon as it returns, before its
 * response is sent, so the next request (here or on another instance) cannot read a stale copy.
 */
export async function cacheProcedureCall<R>({ ctx, type, meta, next }: CachedCall<R>): Promise<R> {
  const locals = ctx.res.locals as CacheLocals & ChangeLocals;
  if (type === 'query' && meta?.cache) {
    locals.cache = meta.cache;
    const { actor } = ctx;
    if ((actor.kind === 'user' || actor.kind === 'client') && actor.expiresAt !== undefined) {
      locals.credentialExpiresAt = actor.expiresAt;
    }
  }
  const result = await next();
  locals.flushChanges?.();
  return result;
}

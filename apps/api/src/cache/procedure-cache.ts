import type { Actor } from '../auth/actor.js';
import type { CacheLocals, CachePolicy } from './response-cache.js';
import { rowTopic } from './table-generations.js';

interface CachedCall<R> {
  ctx: { actor: Actor; res: { locals: Record<string, unknown> } };
  type: string;
  meta: { cache?: CachePolicy } | undefined;
  next: () => Promise<R>;
}

/** Rows of `meta.cache.rows` tables that the procedure named (`dependsOnRows`). */
interface RowLocals {
  namedRows?: Set<string>;
}

/**
 * What an answer computed for `actor` depends on besides the procedure's own reads: the rows
 * the credential was checked against (resolve-actor.ts), so that a revoked or deleted token, a
 * deleted application, a deactivated user or a changed password is never answered from memory.
 */
export function credentialTopics(actor: Actor): string[] {
  const topics: string[] = [];
  if (actor.kind === 'user') topics.push(rowTopic('profile', 'id', actor.user.id), rowTopic('profile_role', 'profile_id', actor.user.id));
  if ((actor.kind === 'user' || actor.kind === 'client') && actor.tokenId !== undefined) {
    topics.push(rowTopic('oauth_access_token', 'id', actor.tokenId), rowTopic('oauth_application', 'id', actor.applicationId!));
  }
  return topics;
}

/**
 * The tRPC middleware body under every procedure: tells the response cache whether and how long
 * this answer may be kept and what it depends on; after a mutation, waits until this process has
 * heard of the writes it committed (PostgreSQL's notifications), before its response is sent, so
 * that the next request cannot be answered from a stale copy here.
 */
export async function cacheProcedureCall<R>({ ctx, type, meta, next }: CachedCall<R>): Promise<R> {
  const locals = ctx.res.locals as CacheLocals & RowLocals;
  const policy = type === 'query' ? meta?.cache : undefined;
  if (policy) {
    locals.cache = policy;
    const { actor } = ctx;
    locals.cacheTopics = [...policy.tables, ...credentialTopics(actor)];
    locals.namedRows = new Set();
    if ((actor.kind === 'user' || actor.kind === 'client') && actor.expiresAt !== undefined) {
      locals.credentialExpiresAt = actor.expiresAt;
    }
  }
  try {
    return await next();
  } finally {
    if (policy?.rows) {
      // A table whose rows the procedure did not name is depended on as a whole.
      for (const table of Object.keys(policy.rows)) if (!locals.namedRows?.has(table)) locals.cacheTopics?.push(table);
    }
    if (type === 'mutation') await locals.syncChanges?.();
  }
}

/**
 * Declares that the answer being computed depends only on these rows of `table` (one of its
 * `meta.cache.rows`), by the key column declared there. Outside a cached procedure it does nothing.
 */
export function dependsOnRows(
  ctx: { res: { locals: Record<string, unknown> } },
  table: string,
  values: Iterable<string | number>,
): void {
  const locals = ctx.res.locals as CacheLocals & RowLocals;
  const column = locals.cache?.rows?.[table];
  if (!column || !locals.cacheTopics) return;
  locals.namedRows?.add(table);
  for (const v of values) locals.cacheTopics.push(rowTopic(table, column, v));
}

/**
 * What `cacheProcedureCall` and `dependsOnRows` leave on `res.locals` for a cached query, set in
 * one go by a handler that answers without the procedure layer (reads/fast-reads.ts): the
 * procedure's own `meta.cache`, the credential's rows, and `named` rows of its `rows` tables
 * (a `rows` table not named is depended on as a whole).
 */
export function declareCachedAnswer(
  res: { locals: Record<string, unknown> },
  policy: CachePolicy,
  actor: Actor,
  named: Readonly<Record<string, Iterable<string | number>>> = {},
): void {
  const locals = res.locals as CacheLocals;
  locals.cache = policy;
  const topics = [...policy.tables, ...credentialTopics(actor)];
  for (const [table, column] of Object.entries(policy.rows ?? {})) {
    const values = named[table];
    if (!values) topics.push(table);
    else for (const v of values) topics.push(rowTopic(table, column, v));
  }
  locals.cacheTopics = topics;
  if ((actor.kind === 'user' || actor.kind === 'client') && actor.expiresAt !== undefined) {
    locals.credentialExpiresAt = actor.expiresAt;
  }
}

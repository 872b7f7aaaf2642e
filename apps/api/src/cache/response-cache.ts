import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { RequestHandler, Response } from 'express';
import { LRUCache } from 'lru-cache';
import { parseAuthorization } from '../auth/authorization-header.js';
import { requestIdOf } from '../trpc/context.js';
import { logRequest, type RequestLogger } from './request-log.js';
import { MAX_ENTRY_MS, topicsToCheck, type TableGenerations } from './table-generations.js';

/**
 * Whole responses of the read endpoints that opt in (`meta.cache`), kept in memory and answered
 * before express runs. An entry is served only while none of the tables (or rows) its procedure
 * declares it reads has changed since its computation started (TableGenerations, fed by
 * PostgreSQL's notifications), and never past its TTL or the
 * expiry of the credential it was computed for; so the API answers what it would have computed,
 * just without computing it. Responses vary by everything they can depend on: the URL, the
 * host and forwarded scheme (absolute links), Accept (browsers are redirected to the docs),
 * Accept-Language, Origin (CORS) and the bearer token (whose user the answer may be about).
 * Cookies and Basic credentials are never cached: their checks have side effects or cost.
 *
 * Cached answers are not counted by the general per-address rate limit: serving one is cheaper
 * than asking Redis whether to.
 */

/**
 * What a procedure says about caching its REST response (`meta.cache`), next to the procedure.
 * A test (test/performance/cache-declarations.test.ts) runs every cached procedure and fails
 * when its SQL reads a table that is declared neither in `tables` nor in `rows`; the
 * credential's own tables (token, application, user, roles) are added by the procedure layer.
 */
export interface CachePolicy {
  /** Upper bound on an entry's life (at most a minute), for answers that depend on the clock ("today"). */
  seconds: number;
  /** Statuses worth keeping; default 200 only. */
  statuses?: readonly number[];
  /** Tables the answer reads, any row of which may change it. */
  tables: readonly string[];
  /**
   * Tables the answer reads only some rows of, by the key column the table's trigger announces
   * (`{ interaction: 'event_id' }`): the procedure names the rows with `dependsOnRows`; if it
   * names none, it depends on the whole table.
   */
  rows?: Readonly<Record<string, string>>;
}

interface Entry {
  status: number;
  headers: OutgoingHttpHeaders;
  body: Buffer;
  topics: readonly string[];
  generation: number;
  expiresAt: number;
  route?: string;
  caller?: string;
}

/** Set on `res.locals` by the procedure layer for the response cache to read. */
export interface CacheLocals {
  cache?: CachePolicy;
  /** What the answer depends on (TableGenerations topics), set by the procedure layer. */
  cacheTopics?: string[];
  credentialExpiresAt?: number;
  /** Resolves once this process has heard of every change committed so far. */
  syncChanges?: () => Promise<void>;
  route?: string;
  caller?: string;
}

const PER_REQUEST_HEADERS = new Set(['x-request-id', 'date', 'connection', 'keep-alive', 'transfer-encoding', 'content-length']);

export function cacheKeyOf(req: IncomingMessage): string | undefined {
  const h = req.headers;
  if (req.method !== 'GET' || h.cookie !== undefined || !req.url?.startsWith('/api/')) return undefined;
  const auth = h.authorization;
  if (auth !== undefined && parseAuthorization(auth).scheme !== 'bearer') return undefined;
  return [
    req.url,
    h.host,
    h['x-forwarded-proto'],
    h['x-forwarded-host'],
    h.accept,
    h['accept-language'],
    h.origin,
    auth,
  ].join('\n');
}

export interface ResponseCacheDeps {
  generations: TableGenerations;
  /** Waits until the changes committed so far have been heard (TableChangeListener.sync). */
  sync: () => Promise<void>;
  logger: RequestLogger;
  /** 0 turns caching off. */
  maxBytes: number;
}

export class ResponseCache {
  private readonly entries: LRUCache<string, Entry>;

  constructor(private readonly deps: ResponseCacheDeps) {
    this.entries = new LRUCache<string, Entry>({
      maxSize: Math.max(1, deps.maxBytes),
      sizeCalculation: (e, key) => e.body.length + key.length + 512,
    });
  }

  /** Resolves once every change committed before the call has been heard by this process. */
  sync(): Promise<void> {
    return this.deps.sync();
  }

  /** Answers `req` from the cache; false when it has to be computed. */
  serve(req: IncomingMessage, res: ServerResponse): boolean {
    const key = this.deps.maxBytes > 0 ? cacheKeyOf(req) : undefined;
    if (key === undefined) return false;
    const entry = this.entries.get(key);
    if (!entry) return false;
    if (entry.expiresAt <= Date.now() || !this.deps.generations.unchangedSince(entry.generation, entry.topics)) {
      this.entries.delete(key);
      return false;
    }
    const started = process.hrtime.bigint();
    const requestId = requestIdOf(req);
    res.writeHead(entry.status, { ...entry.headers, 'x-request-id': requestId, 'content-length': entry.body.length });
    res.end(entry.body);
    logRequest(this.deps.logger, {
      requestId,
      method: 'GET',
      url: req.url ?? '',
      route: entry.route,
      caller: entry.caller,
      status: entry.status,
      started,
    });
    return true;
  }

  /**
   * Express middleware, first in the chain: lets the procedure layer wait for the request's own
   * writes to be heard (`syncChanges`) and keeps the response when the procedure opted in.
   */
  middleware(): RequestHandler {
    const sync = this.deps.sync;
    return (req, res, next) => {
      (res.locals as CacheLocals).syncChanges = sync;
      const key = cacheKeyOf(req);
      if (key !== undefined && this.deps.maxBytes > 0) this.capture(key, res);
      next();
    };
  }

  private capture(key: string, res: Response): void {
    const generation = this.deps.generations.current();
    const startedAt = Date.now();
    if (!this.deps.generations.live) return;
    const chunks: Buffer[] = [];
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    const end = res.end.bind(res) as (...args: unknown[]) => Response;
    const keep = (chunk: unknown, encoding: unknown) => {
      if (typeof chunk === 'string') chunks.push(Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8'));
      else if (chunk instanceof Uint8Array) chunks.push(Buffer.from(chunk));
    };
    res.write = ((chunk: unknown, ...rest: unknown[]) => {
      keep(chunk, rest[0]);
      return write(chunk, ...rest);
    }) as Response['write'];
    res.end = ((chunk?: unknown, ...rest: unknown[]) => {
      if (typeof chunk !== 'function') keep(chunk, rest[0]);
      this.store(key, generation, startedAt, res, Buffer.concat(chunks));
      return end(chunk, ...rest);
    }) as Response['end'];
  }

  private store(key: string, generation: number, startedAt: number, res: Response, body: Buffer): void {
    const locals = res.locals as CacheLocals;
    const policy = locals.cache;
    if (!policy || !locals.cacheTopics || !(policy.statuses ?? [200]).includes(res.statusCode)) return;
    const headers: OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(res.getHeaders())) {
      if (name === 'set-cookie') return;
      if (!PER_REQUEST_HEADERS.has(name) && value !== undefined) headers[name] = value;
    }
    // Counted from the start of the computation: TableGenerations forgets changes older than MAX_ENTRY_MS.
    const expiresAt = Math.min(startedAt + Math.min(policy.seconds * 1000, MAX_ENTRY_MS), locals.credentialExpiresAt ?? Infinity);
    this.entries.set(key, {
      status: res.statusCode,
      headers,
      body,
      topics: topicsToCheck(locals.cacheTopics),
      generation,
      expiresAt,
      route: locals.route,
      caller: locals.caller,
    });
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}

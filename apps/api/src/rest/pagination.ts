import type { Request } from 'express';
import { MSG, PAGE_SIZE_DEFAULT, PAGE_SIZE_MAX, ZPageNumber, ZPageSize, type TPage } from '@klub/contracts';
import { NotFound } from '@klub/domain';
import type { CallInfo } from '../trpc/procedures.js';

/**
 * DRF page-number pagination (api.md §1.6). `page` and `page_size` come from the call's raw
 * input (the query string on REST, the input object on /trpc); the procedure must be marked
 * `paginated` so the base middleware keeps that input.
 *
 * One query (preferred):
 *   query(({ ctx, input }) => paginate(ctx, (w) => ctx.em.findAndCount(Event, where, { ...w, orderBy }), toEvent))
 * Count first, then rows:
 *   const w = pageWindow(ctx, await ctx.em.count(Event, where));
 *   return w.envelope((await ctx.em.find(Event, where, { limit: w.limit, offset: w.offset })).map(toEvent));
 */

export interface PageContext {
  req: Pick<Request, 'originalUrl' | 'protocol' | 'get'>;
  call: CallInfo;
}

export interface PageWindow {
  /** 1-based page number actually served. */
  page: number;
  pageSize: number;
  /** For the query: `limit` = page size, `offset` = rows before this page. */
  limit: number;
  offset: number;
  count: number;
  lastPage: number;
  envelope<T>(results: T[]): TPage<T>;
}

const INT = /^\s*[+-]?\d+\s*$/;

const lastOf = (v: unknown): unknown => (Array.isArray(v) ? (v as unknown[])[v.length - 1] : v);

/** Integer text as Python's `int()` reads it (a sign, surrounding spaces) → its number; else as is. */
const intOf = (v: unknown): unknown => {
  const s = typeof v === 'number' ? String(v) : v;
  return typeof s === 'string' && INT.test(s) ? Number(s) : s;
};

/**
 * DRF's `_positive_int(strict=True, cutoff=100)`: invalid or non-positive → the default. What
 * is valid is `ZPageSize`, the type the OpenAPI document shows.
 */
export function parsePageSize(raw: unknown): number {
  // Capped first, as DRF does: 400 digits are a valid page size (Python's int has no limit).
  const v = intOf(lastOf(raw));
  const size = ZPageSize.safeParse(typeof v === 'number' ? Math.min(v, PAGE_SIZE_MAX) : v);
  return size.success ? size.data : PAGE_SIZE_DEFAULT;
}

/** The requested page: `ZPageNumber` (a positive integer or `'last'`); anything else is 404 Invalid page. */
export function parsePage(raw: unknown): number | 'last' {
  const v = lastOf(raw);
  if (v === undefined || v === null || v === '') return 1;
  const page = ZPageNumber.safeParse(intOf(v));
  if (!page.success) throw new NotFound(MSG.invalidPage);
  return page.data;
}

function pageParams(ctx: PageContext): { page: number | 'last'; pageSize: number } {
  if (!ctx.call.meta?.paginated) {
    throw new Error(`${ctx.call.path}: a paginated list needs rest(..., { paginated: true }) in its meta`);
  }
  const raw = ctx.call.rawInput;
  const get = (k: string): unknown => (raw && typeof raw === 'object' ? (raw as Record<string, unknown>)[k] : undefined);
  return { page: parsePage(get('page')), pageSize: parsePageSize(get('page_size')) };
}

const lastPageOf = (count: number, pageSize: number) => Math.max(1, Math.ceil(count / pageSize));

/**
 * The URL the links are built from. On REST it is the request as sent (alias and unknown
 * parameters kept, as DRF does); on /trpc it is the REST route with the input as its query,
 * so both transports return the same envelope.
 */
function linkBase(ctx: PageContext): URL {
  const origin = `${ctx.req.protocol}://${ctx.req.get('host') ?? 'localhost'}`;
  if (/^\/api(\/|$)/i.test(ctx.req.originalUrl)) return new URL(ctx.req.originalUrl, origin);
  const raw = (ctx.call.rawInput && typeof ctx.call.rawInput === 'object' ? ctx.call.rawInput : {}) as Record<string, unknown>;
  const used = new Set<string>();
  const template = ctx.call.meta?.openapi?.path ?? '/';
  const path = template.replace(/\{(\w+)\}/g, (_, name: string) => {
    used.add(name);
    return encodeURIComponent(String(raw[name]));
  });
  const url = new URL(`/api${path}`, origin);
  for (const [k, v] of Object.entries(raw)) {
    if (used.has(k) || v === undefined || v === null) continue;
    for (const item of Array.isArray(v) ? (v as unknown[]) : [v]) {
      if (['string', 'number', 'boolean'].includes(typeof item)) url.searchParams.append(k, String(item));
    }
  }
  return url;
}

function link(base: URL, page: number): string {
  const url = new URL(base);
  if (page === 1) url.searchParams.delete('page');
  else url.searchParams.set('page', String(page));
  return url.toString();
}

function makeWindow(ctx: PageContext, page: number, pageSize: number, count: number): PageWindow {
  const lastPage = lastPageOf(count, pageSize);
  // Page 1 of an empty list is valid; any page past the end is not (Django's Paginator).
  if (page > lastPage) throw new NotFound(MSG.invalidPage);
  const base = linkBase(ctx);
  return {
    page,
    pageSize,
    limit: pageSize,
    offset: (page - 1) * pageSize,
    count,
    lastPage,
    envelope: (results) => ({
      count,
      next: page < lastPage ? link(base, page + 1) : null,
      previous: page > 1 ? link(base, page - 1) : null,
      results,
    }),
  };
}

/** The page to serve for a list of `count` rows; throws 404 Invalid page. */
export function pageWindow(ctx: PageContext, count: number): PageWindow {
  const { page, pageSize } = pageParams(ctx);
  return makeWindow(ctx, page === 'last' ? lastPageOf(count, pageSize) : page, pageSize, count);
}

/**
 * Run `fetch` (typically `em.findAndCount`) for the requested page and build the envelope.
 * `page=last` needs the count first, so it may cost a second query.
 */
export async function paginate<Row, Item = Row>(
  ctx: PageContext,
  fetch: (w: { limit: number; offset: number }) => Promise<[Row[], number]>,
  map?: (row: Row) => Item,
): Promise<TPage<Item>> {
  const { page, pageSize } = pageParams(ctx);
  let served = page === 'last' ? 1 : page;
  let [rows, count] = await fetch({ limit: pageSize, offset: (served - 1) * pageSize });
  if (page === 'last' && lastPageOf(count, pageSize) > 1) {
    served = lastPageOf(count, pageSize);
    [rows, count] = await fetch({ limit: pageSize, offset: (served - 1) * pageSize });
  }
  const w = makeWindow(ctx, served, pageSize, count);
  return w.envelope(map ? rows.map(map) : (rows as unknown as Item[]));
}

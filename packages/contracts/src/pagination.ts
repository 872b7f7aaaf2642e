import { z } from 'zod';
import { accepting, queryValue } from './query-params.js';

/**
 * DRF page-number pagination (api.md §1.6). The query fields are lenient on purpose: a bad
 * `page` is a 404 "Invalid page." and a bad `page_size` is ignored, so neither may fail input
 * validation with a 400. `apps/api/src/rest/pagination.ts` interprets them.
 */

// Repeated query keys arrive as a list: DRF's QueryDict.get takes the last one.
const lenientText = (v: unknown): unknown => {
  const last = Array.isArray(v) ? (v as unknown[])[v.length - 1] : v;
  if (typeof last === 'number') return String(last);
  return typeof last === 'string' ? last : undefined;
};

export const PAGE_SIZE_DEFAULT = 10;
export const PAGE_SIZE_MAX = 100;

/** What `page` takes: a 1-based page number or `last` (apps/api/src/rest/pagination.ts checks it). */
export const ZPageNumber = z.union([queryValue.integer({ min: 1 }), z.literal('last')]);
/** What `page_size` takes: a positive integer; larger than PAGE_SIZE_MAX is capped. */
export const ZPageSize = queryValue.integer({ min: 1 });

export const ZPageQuery = z.object({
  page: accepting(z.preprocess((v: string | number) => lenientText(v), z.string().optional()), ZPageNumber).describe(
    'A page number within the paginated result set (1-based), or `last`. Default 1.',
  ),
  page_size: accepting(z.preprocess((v: string | number) => lenientText(v), z.string().optional()), ZPageSize).describe(
    `Number of results per page. Default ${PAGE_SIZE_DEFAULT}; values above ${PAGE_SIZE_MAX} are capped; invalid values are ignored.`,
  ),
});

export type TPageQuery = z.input<typeof ZPageQuery>;

/** The envelope `{count, next, previous, results}` around `item`. */
export function ZPage<T extends z.ZodType>(item: T) {
  return z.object({
    count: z.number().int().describe('Total number of results across all pages.'),
    next: z.string().nullable().describe('Absolute URL of the next page, or null on the last page.'),
    previous: z.string().nullable().describe('Absolute URL of the previous page, or null on the first page.'),
    results: z.array(item).describe('The results on this page.'),
  });
}

export interface TPage<T> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}

/** An `ordering` query parameter (`-a,b`) whose documented choices are `fields`. */
export function ZOrderingParam(fields: readonly string[]) {
  return z
    .preprocess((v: string) => lenientText(v), z.string().optional())
    .describe(
      `Comma-separated sort fields; prefix a field with \`-\` for descending order. Allowed: ${fields.join(', ')}. Unknown names are ignored.`,
    );
}

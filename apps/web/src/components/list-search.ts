import type { DataTableSortStatus } from 'mantine-datatable';
import { z } from 'zod';

/** What every list keeps in its URL: page, page size and DRF's `ordering` (`-field`). */
export const ZListSearch = z.object({
  page: z.number().int().min(1).optional().catch(undefined),
  page_size: z.number().int().min(1).max(100).optional().catch(undefined),
  ordering: z.string().optional().catch(undefined),
});

export type ListSearch = z.infer<typeof ZListSearch>;

export const PAGE_SIZES = [10, 25, 50, 100];
/** The page size of lists that do not let the user choose one. */
export const PAGE_SIZE = 20;

/** The API's page window and ordering for the URL's. */
export function pageQuery(search: ListSearch, defaultOrdering?: string) {
  const ordering = search.ordering ?? defaultOrdering;
  return { page: String(search.page ?? 1), page_size: String(search.page_size ?? PAGE_SIZE), ...(ordering ? { ordering } : {}) };
}

/** DRF `ordering` ↔ mantine-datatable's sort status (first term only). */
export function sortStatusOf<T>(ordering: string | undefined, fallback: string): DataTableSortStatus<T> {
  const first = (ordering ?? fallback).split(',')[0] ?? fallback;
  const desc = first.startsWith('-');
  return { columnAccessor: desc ? first.slice(1) : first, direction: desc ? 'desc' : 'asc' };
}

export function orderingOf<T>(status: DataTableSortStatus<T>): string {
  return `${status.direction === 'desc' ? '-' : ''}${String(status.columnAccessor)}`;
}

/** Search params without the empty values, so links stay short and comparable. */
export function compact<T extends Record<string, unknown>>(search: T): T {
  return Object.fromEntries(Object.entries(search).filter(([, v]) => v !== undefined && v !== '' && v !== null)) as T;
}

import type { DataTableSortStatus } from 'mantine-datatable';
import { z } from 'zod';

/**
 * A list's place in the URL (issue 18: a link to a list is shareable): page and DRF `ordering`
 * (`-field` descending). Each list route extends it with its own filters; bad values fall back.
 */
export const ZListSearch = z.object({
  page: z.number().int().min(1).optional().catch(undefined),
  ordering: z.string().optional().catch(undefined),
});
export type ListSearch = z.infer<typeof ZListSearch>;

export const PAGE_SIZE = 20;

/** The API's page window and ordering for the URL's. */
export function pageQuery(search: ListSearch, defaultOrdering?: string) {
  const ordering = search.ordering ?? defaultOrdering;
  return { page: String(search.page ?? 1), page_size: String(PAGE_SIZE), ...(ordering ? { ordering } : {}) };
}

export function sortStatusOf<T>(ordering: string | undefined, fallback: string): DataTableSortStatus<T> {
  const value = ordering ?? fallback;
  const desc = value.startsWith('-');
  return { columnAccessor: desc ? value.slice(1) : value, direction: desc ? 'desc' : 'asc' };
}

export function orderingOf<T>(status: DataTableSortStatus<T>): string {
  return `${status.direction === 'desc' ? '-' : ''}${String(status.columnAccessor)}`;
}

/** Drop empty filter values so the URL stays short. */
export function compact<T extends Record<string, unknown>>(search: T): T {
  return Object.fromEntries(Object.entries(search).filter(([, v]) => v !== undefined && v !== '' && v !== null)) as T;
}

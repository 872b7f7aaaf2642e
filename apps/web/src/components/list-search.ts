import type { DataTableSortStatus } from 'mantine-datatable';
import { z } from 'zod';

/** What every list keeps in its URL: page, page size and DRF's `ordering` (`-field`). */
export const ZListSearch = z.object({
  page: z.number().int().min(1).optional().catch(undefined),
  page_size: z.number().int().min(1).max(100).optional().catch(undefined),
  ordering: z.string().optional().catch(undefined),
});

export const PAGE_SIZES = [10, 25, 50, 100];

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

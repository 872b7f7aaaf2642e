import { keepPreviousData, useQuery, type QueryKey, type UseQueryOptions } from '@tanstack/react-query';
import { DataTable, type DataTableColumn, type DataTableProps } from 'mantine-datatable';
import { useTranslation } from 'react-i18next';
import { usePersonNames, type NameOf } from './person-names.js';
import { orderingOf, PAGE_SIZE, pageQuery, sortStatusOf, type ListSearch } from './list-search.js';
import { ErrorState } from './states.js';

/** A page of a DRF-paginated list, as every admin list procedure answers. */
export interface Page<T> {
  count: number;
  results: T[];
}

/** What the API takes for one page: `page`, `page_size`, `ordering` (strings, as REST query parameters). */
export type PageWindow = ReturnType<typeof pageQuery>;

/** A row of page type `D`. */
export type RowOf<D extends Page<unknown>> = D['results'][number];

type ExtraTableProps<T> = Pick<DataTableProps<T>, 'onRowClick' | 'rowStyle' | 'idAccessor'>;

export interface ResourceListProps<D extends Page<unknown>, E, K extends QueryKey, T = RowOf<D>> extends ExtraTableProps<T> {
  /** Page, page size and ordering, from the URL (or a panel's state). */
  search: ListSearch;
  /** Change them: the caller writes them back where they live (the URL's search params). */
  onSearch: (patch: Partial<ListSearch>) => void;
  /** The list procedure's query options for a page (`trpc.admin.x.list.queryOptions({ ...page, ...filters })`). */
  query: (page: PageWindow) => UseQueryOptions<D, E, D, K>;
  /** The columns; a function of `nameOf` when rows hold profile ids (`people`). */
  columns: DataTableColumn<T>[] | ((nameOf: NameOf) => DataTableColumn<T>[]);
  /** The profile ids a row shows names of: the page's names come in one read. */
  people?: (row: T) => Array<number | null | undefined>;
  /** The API's default ordering; sortable columns sort on the server only when it is given. */
  defaultOrdering?: string;
  /** Rows a page; the user does not choose. */
  pageSize?: number;
  noRecordsText?: string;
  'aria-label'?: string;
  minHeight?: number;
}

/**
 * Every list of the back office: one page from the server at a time, its sort and page held by
 * the caller (the URL), with loading (kept previous page, dimmed), empty and error states.
 */
export function ResourceList<D extends Page<unknown>, E, K extends QueryKey>({
  search,
  onSearch,
  query,
  columns,
  people,
  defaultOrdering,
  pageSize = PAGE_SIZE,
  noRecordsText,
  minHeight = 140,
  ...table
}: ResourceListProps<D, E, K>) {
  type T = RowOf<D>;
  const { t } = useTranslation();
  const list = useQuery({ ...query(pageQuery({ ...search, page_size: search.page_size ?? pageSize }, defaultOrdering)), placeholderData: keepPreviousData });
  const nameOf = usePersonNames(people ? (list.data?.results ?? []).flatMap((row) => people(row as T)) : []);
  if (list.error) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  const sorting = defaultOrdering
    ? {
        sortStatus: sortStatusOf<T>(search.ordering, defaultOrdering),
        onSortStatusChange: (s: Parameters<typeof orderingOf<T>>[0]) => onSearch({ ordering: orderingOf(s), page: undefined }),
      }
    : {};
  return (
    <DataTable<T>
      withTableBorder
      minHeight={minHeight}
      fetching={list.isFetching}
      records={(list.data?.results ?? [])}
      totalRecords={list.data?.count ?? 0}
      recordsPerPage={search.page_size ?? pageSize}
      page={search.page ?? 1}
      onPageChange={(page) => onSearch({ page })}
      noRecordsText={noRecordsText ?? t('common.empty')}
      paginationText={({ from, to, totalRecords }) => t('common.records', { from, to, total: totalRecords })}
      columns={typeof columns === 'function' ? columns(nameOf) : columns}
      {...sorting}
      {...table}
    />
  );
}

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { DataTable, type DataTableColumn } from 'mantine-datatable';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../../api/trpc.js';
import { PAGE_SIZE, pageQuery } from '../../components/list-search.js';
import { ErrorState } from '../../components/states.js';

interface Page<T> {
  count: number;
  results: T[];
}

/** A settings list: one page from the server, its loading, empty and error states. */
function SettingsTable<T extends { id: number }>({ query, columns, page, onPage }: { query: { data?: Page<T>; error: unknown; isFetching: boolean; refetch: () => unknown }; columns: DataTableColumn<T>[]; page: number; onPage: (p: number) => void }) {
  const { t } = useTranslation();
  if (query.error) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  return (
    <DataTable<T>
      withTableBorder
      minHeight={140}
      fetching={query.isFetching}
      records={query.data?.results ?? []}
      totalRecords={query.data?.count ?? 0}
      recordsPerPage={PAGE_SIZE}
      page={page}
      onPageChange={onPage}
      noRecordsText={t('common.empty')}
      paginationText={({ from, to, totalRecords }) => t('common.records', { from, to, total: totalRecords })}
      columns={columns}
    />
  );
}

export function UnitsTable({ page, onPage }: { page: number; onPage: (p: number) => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const query = useQuery({ ...trpc.admin.administrativeUnits.list.queryOptions(pageQuery({ page })), placeholderData: keepPreviousData });
  return (
    <SettingsTable
      query={query}
      page={page}
      onPage={onPage}
      columns={[
        { accessor: 'name', title: t('settings.name') },
        { accessor: 'level', title: t('settings.level') },
        { accessor: 'city', title: t('settings.city') },
        { accessor: 'from_email_address', title: t('settings.fromEmail') },
      ]}
    />
  );
}

export function AccountsTable({ page, onPage }: { page: number; onPage: (p: number) => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const query = useQuery({ ...trpc.admin.moneyAccounts.list.queryOptions(pageQuery({ page })), placeholderData: keepPreviousData });
  return (
    <SettingsTable
      query={query}
      page={page}
      onPage={onPage}
      columns={[
        { accessor: 'slug', title: t('settings.slug') },
        { accessor: 'kind', title: t('settings.kind') },
        { accessor: 'bank_account_number', title: t('settings.accountNumber') },
        { accessor: 'project_name', title: t('settings.project') },
        { accessor: 'administrative_unit', title: t('statements.unit'), render: (a) => `#${a.administrative_unit}` },
      ]}
    />
  );
}

export function EventTypesTable({ page, onPage }: { page: number; onPage: (p: number) => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const query = useQuery({ ...trpc.admin.eventTypes.list.queryOptions(pageQuery({ page })), placeholderData: keepPreviousData });
  return (
    <SettingsTable
      query={query}
      page={page}
      onPage={onPage}
      columns={[
        { accessor: 'name', title: t('settings.name') },
        { accessor: 'slug', title: t('settings.slug') },
        { accessor: 'description', title: t('events.description') },
      ]}
    />
  );
}

export function InteractionTypesTable({ page, onPage }: { page: number; onPage: (p: number) => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const query = useQuery({ ...trpc.admin.interactionTypes.list.queryOptions(pageQuery({ page })), placeholderData: keepPreviousData });
  return (
    <SettingsTable
      query={query}
      page={page}
      onPage={onPage}
      columns={[
        { accessor: 'name', title: t('settings.name') },
        { accessor: 'slug', title: t('settings.slug') },
        { accessor: 'send_email', title: t('settings.sendEmail'), render: (x) => (x.send_email ? t('common.yes') : t('common.no')) },
      ]}
    />
  );
}

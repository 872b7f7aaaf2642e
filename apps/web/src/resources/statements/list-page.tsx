import { Group, Select, Stack, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { createLazyRoute, Link } from '@tanstack/react-router';
import { DataTable } from 'mantine-datatable';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../../api/trpc.js';
import { compact, orderingOf, PAGE_SIZE, pageQuery, sortStatusOf } from '../../components/list-search.js';
import { ErrorState } from '../../components/states.js';
import { StatementStatus } from '../../components/statement-status.js';
import { formatDate, formatDateTime } from '../../format.js';
import { UploadCard } from './upload-card.js';

export const Route = createLazyRoute('/staff/statements')({ component: StatementsPage });

const STATUSES = ['queued', 'running', 'done', 'failed'] as const;

function StatementsPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const search = Route.useSearch();
  const navigate = Route.useNavigate();
  const list = useQuery({
    ...trpc.admin.accountStatements.list.queryOptions({ ...pageQuery(search, '-import_date'), ...(search.status ? { status: search.status } : {}) }),
    placeholderData: keepPreviousData,
  });
  return (
    <Stack>
      <Title order={2}>{t('statements.title')}</Title>
      <UploadCard />
      <Group>
        <Select
          label={t('statements.statusLabel')}
          clearable
          data={STATUSES.map((s) => ({ value: s, label: t(`statements.status.${s}`) }))}
          value={search.status ?? null}
          onChange={(status) => void navigate({ search: (prev) => compact({ ...prev, status: status ?? undefined, page: undefined }) })}
        />
      </Group>
      {list.error ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <DataTable
          withTableBorder
          minHeight={160}
          fetching={list.isFetching}
          records={list.data?.results ?? []}
          totalRecords={list.data?.count ?? 0}
          recordsPerPage={PAGE_SIZE}
          page={search.page ?? 1}
          onPageChange={(page) => void navigate({ search: (prev) => ({ ...prev, page }) })}
          sortStatus={sortStatusOf(search.ordering, '-import_date')}
          onSortStatusChange={(s) => void navigate({ search: (prev) => ({ ...prev, ordering: orderingOf(s), page: undefined }) })}
          noRecordsText={t('common.empty')}
          paginationText={({ from, to, totalRecords }) => t('common.records', { from, to, total: totalRecords })}
          columns={[
            {
              accessor: 'id',
              title: '#',
              sortable: true,
              render: (s) => (
                <Link to="/statements/$statementId" params={{ statementId: s.id }}>
                  {s.id}
                </Link>
              ),
            },
            { accessor: 'import_date', title: t('statements.imported'), sortable: true, render: (s) => formatDateTime(s.import_date) },
            { accessor: 'type', title: t('statements.type'), render: (s) => t(`statements.types.${s.type as 'account'}`, { defaultValue: s.type }) },
            { accessor: 'date_from', title: t('statements.period'), render: (s) => `${formatDate(s.date_from)} – ${formatDate(s.date_to)}` },
            { accessor: 'status', title: t('statements.statusLabel'), render: (s) => <StatementStatus status={s.status} /> },
            { accessor: 'payments_paired', title: t('statements.pairedOfTotal'), render: (s) => `${s.payments_paired} / ${s.payments_total}` },
          ]}
        />
      )}
    </Stack>
  );
}

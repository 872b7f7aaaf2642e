import { Button, Group, Stack, TextInput, Title } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { createLazyRoute, Link } from '@tanstack/react-router';
import { DataTable } from 'mantine-datatable';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../../api/trpc.js';
import { compact, orderingOf, PAGE_SIZE, pageQuery, sortStatusOf } from '../../components/list-search.js';
import { ErrorState } from '../../components/states.js';
import { formatDateTime } from '../../format.js';

export const Route = createLazyRoute('/staff/events')({ component: EventsPage });

function EventsPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const search = Route.useSearch();
  const navigate = Route.useNavigate();
  const setSearch = useDebouncedCallback((text: string) => void navigate({ search: (prev) => compact({ ...prev, search: text, page: undefined }) }), 300);
  const list = useQuery({
    ...trpc.admin.events.list.queryOptions({ ...pageQuery(search, '-datetime_from'), ...compact({ search: search.search }) }),
    placeholderData: keepPreviousData,
  });
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('events.title')}</Title>
        <Button component={Link} to="/events/new">
          {t('events.new')}
        </Button>
      </Group>
      <TextInput label={t('common.search')} role="searchbox" maw={360} defaultValue={search.search ?? ''} onChange={(e) => setSearch(e.currentTarget.value)} />
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
          sortStatus={sortStatusOf(search.ordering, '-datetime_from')}
          onSortStatusChange={(s) => void navigate({ search: (prev) => ({ ...prev, ordering: orderingOf(s), page: undefined }) })}
          noRecordsText={t('common.empty')}
          paginationText={({ from, to, totalRecords }) => t('common.records', { from, to, total: totalRecords })}
          columns={[
            {
              accessor: 'name',
              title: t('events.name'),
              sortable: true,
              render: (e) => (
                <Link to="/events/$eventId" params={{ eventId: e.id }}>
                  {e.name}
                </Link>
              ),
            },
            { accessor: 'datetime_from', title: t('events.from'), sortable: true, render: (e) => formatDateTime(e.datetime_from) },
            { accessor: 'datetime_to', title: t('events.to'), render: (e) => formatDateTime(e.datetime_to) },
            { accessor: 'public_on_web', title: t('events.publicOnWeb'), render: (e) => (e.public_on_web ? t('common.yes') : t('common.no')) },
          ]}
        />
      )}
    </Stack>
  );
}

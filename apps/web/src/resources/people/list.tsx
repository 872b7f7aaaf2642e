import { Badge, Button, Group, Stack, TextInput, Title, Anchor } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { useDebouncedCallback } from '@mantine/hooks';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { createLazyRoute, getRouteApi, Link } from '@tanstack/react-router';
import { DataTable } from 'mantine-datatable';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../../api/trpc.js';
import { compact, orderingOf, PAGE_SIZES, sortStatusOf } from '../../components/list-search.js';
import { EmptyState, ErrorState } from '../../components/states.js';
import { UnitSelect } from '../../components/unit-select.js';
import { YesNoSelect } from '../../components/yes-no-select.js';
import { formatDate, formatMoney } from '../../format.js';
import { personName } from './person-name.js';
import type { PeopleSearch } from './search.js';

const route = getRouteApi('/staff/people');
const DEFAULT_ORDERING = 'last_name';
const DEFAULT_PAGE_SIZE = 25;

function PeopleListPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const pageSize = search.page_size ?? DEFAULT_PAGE_SIZE;
  const page = search.page ?? 1;

  /** A changed filter starts again at page 1. */
  const setFilters = (changes: Partial<PeopleSearch>) =>
    void navigate({ search: (prev) => compact({ ...prev, ...changes, page: undefined }), replace: true });

  const [text, setText] = useState(search.search ?? '');
  const setSearchText = useDebouncedCallback((value: string) => setFilters({ search: value.trim() || undefined }), 300);

  const { page: _page, page_size: _size, ...filters } = search;
  const people = useQuery({
    ...trpc.admin.people.list.queryOptions({
      ...filters,
      ordering: search.ordering ?? DEFAULT_ORDERING,
      page,
      page_size: pageSize,
    }),
    placeholderData: keepPreviousData,
  });

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('people.title')}</Title>
        <Button component={Link} to="/people/new" leftSection={<IconPlus size={16} aria-hidden />}>
          {t('people.new')}
        </Button>
      </Group>
      <Group align="flex-end" gap="sm" role="search">
        <TextInput
          label={t('people.searchLabel')}
          leftSection={<IconSearch size={16} aria-hidden />}
          value={text}
          onChange={(e) => {
            setText(e.currentTarget.value);
            setSearchText(e.currentTarget.value);
          }}
          w={300}
        />
        <UnitSelect
          label={t('people.unit')}
          value={search.administrative_unit}
          onChange={(v) => setFilters({ administrative_unit: v })}
        />
        <YesNoSelect label={t('people.regular')} value={search.regular} onChange={(v) => setFilters({ regular: v })} />
        <YesNoSelect label={t('people.late')} value={search.late} onChange={(v) => setFilters({ late: v })} />
        <DatePickerInput
          type="range"
          label={t('people.lastPaymentBetween')}
          value={[search.last_payment_from ?? null, search.last_payment_to ?? null]}
          onChange={([from, to]) => {
            if ((from && to) || (!from && !to))
              setFilters({ last_payment_from: from ?? undefined, last_payment_to: to ?? undefined });
          }}
          clearable
          allowSingleDateInRange
          valueFormat="D. M. YYYY"
          w={230}
        />
        <YesNoSelect
          label={t('people.consent')}
          value={search.mailing_consent}
          onChange={(v) => setFilters({ mailing_consent: v })}
        />
        {Object.keys(filters).some((k) => k !== 'ordering') && (
          <Button
            variant="subtle"
            onClick={() => {
              setText('');
              void navigate({ search: {}, replace: true });
            }}
          >
            {t('common.clear')}
          </Button>
        )}
      </Group>
      {people.isError ? (
        <ErrorState error={people.error} onRetry={() => void people.refetch()} />
      ) : (
        <DataTable
          aria-label={t('people.title')}
          withTableBorder
          striped
          highlightOnHover
          minHeight={people.data?.count ? undefined : 180}
          fetching={people.isFetching}
          records={people.data?.results ?? []}
          totalRecords={people.data?.count ?? 0}
          page={page}
          recordsPerPage={pageSize}
          recordsPerPageOptions={PAGE_SIZES}
          onPageChange={(p) => void navigate({ search: (prev) => ({ ...prev, page: p === 1 ? undefined : p }) })}
          onRecordsPerPageChange={(size) =>
            void navigate({ search: (prev) => ({ ...prev, page_size: size, page: undefined }) })
          }
          paginationText={({ from, to, totalRecords }) => t('common.records', { from, to, total: totalRecords })}
          sortStatus={sortStatusOf(search.ordering, DEFAULT_ORDERING)}
          onSortStatusChange={(status) => setFilters({ ordering: orderingOf(status) })}
          noRecordsText={t('people.empty')}
          emptyState={people.isPending ? undefined : <EmptyState>{t('people.empty')}</EmptyState>}
          columns={[
            {
              accessor: 'last_name',
              title: t('people.name'),
              sortable: true,
              render: (p) => (
                <Anchor renderRoot={(props) => <Link {...props} to="/people/$personId" params={{ personId: p.id }} />}>
                  {personName(p) || t('people.unnamed')}
                </Anchor>
              ),
            },
            { accessor: 'email', title: t('people.email'), sortable: true },
            { accessor: 'telephone', title: t('people.telephone') },
            { accessor: 'variable_symbols', title: t('people.vs'), render: (p) => p.variable_symbols.join(', ') },
            {
              accessor: 'regular',
              title: t('people.status'),
              render: (p) => (
                <Group gap={4}>
                  {p.regular && <Badge variant="light">{t('people.isRegular')}</Badge>}
                  {p.late && (
                    <Badge variant="light" color="red">
                      {t('people.isLate')}
                    </Badge>
                  )}
                </Group>
              ),
            },
            {
              accessor: 'last_payment_date',
              title: t('people.lastPayment'),
              sortable: true,
              render: (p) => formatDate(p.last_payment_date),
            },
            {
              accessor: 'payment_total',
              title: t('people.total'),
              sortable: true,
              textAlign: 'right',
              render: (p) => formatMoney(p.payment_total),
            },
          ]}
        />
      )}
    </Stack>
  );
}

export const Route = createLazyRoute('/staff/people')({ component: PeopleListPage });

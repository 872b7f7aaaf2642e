import { Alert, Anchor, Button, Group, NumberInput, Stack, Text, Title } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { IconTrash } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { createLazyRoute, getRouteApi, Link } from '@tanstack/react-router';
import { DataTable } from 'mantine-datatable';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../../api/trpc.js';
import { compact, PAGE_SIZES } from '../../components/list-search.js';
import { EmptyState, ErrorState } from '../../components/states.js';
import { formatDateTime } from '../../format.js';
import { EraseModal } from './erase-modal.js';

const route = getRouteApi('/staff/retention');
const DEFAULT_PAGE_SIZE = 25;

/**
 * The retention rule's candidates for erasure (issue 22): people of the caller's units with no
 * payment, interaction or sign-in for N years, longest inactive first. Nothing is erased by
 * listing; each person is reviewed (their page) and erased one by one with the two confirmations.
 */
function RetentionPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const page = search.page ?? 1;
  const pageSize = search.page_size ?? DEFAULT_PAGE_SIZE;
  const rule = useQuery(trpc.admin.profiles.retentionRule.queryOptions(undefined, { staleTime: 5 * 60_000 }));
  const years = search.years ?? rule.data?.years;
  const candidates = useQuery({
    ...trpc.admin.profiles.retentionCandidates.queryOptions({ page, page_size: pageSize, ...(search.years ? { years: search.years } : {}) }),
    placeholderData: keepPreviousData,
  });
  const [yearsText, setYearsText] = useState<string | number>(search.years ?? '');
  const setYears = useDebouncedCallback((value: string | number) => {
    const n = typeof value === 'number' ? value : undefined;
    void navigate({ search: (prev) => compact({ ...prev, years: n, page: undefined }), replace: true });
  }, 300);
  const [erasing, setErasing] = useState<{ id: number; name: string } | null>(null);

  return (
    <Stack>
      <Title order={2}>{t('retention.title')}</Title>
      <Alert color="blue">{t('retention.rule', { years: years ?? '…' })}</Alert>
      <Group align="flex-end">
        <NumberInput
          label={t('retention.years')}
          placeholder={rule.data ? String(rule.data.years) : undefined}
          min={1}
          max={100}
          allowDecimal={false}
          value={yearsText}
          onChange={(v) => {
            setYearsText(v);
            setYears(v);
          }}
          w={220}
        />
      </Group>
      {candidates.isError ? (
        <ErrorState error={candidates.error} onRetry={() => void candidates.refetch()} />
      ) : (
        <DataTable
          aria-label={t('retention.title')}
          withTableBorder
          striped
          minHeight={candidates.data?.count ? undefined : 180}
          fetching={candidates.isFetching}
          records={candidates.data?.results ?? []}
          totalRecords={candidates.data?.count ?? 0}
          page={page}
          recordsPerPage={pageSize}
          recordsPerPageOptions={PAGE_SIZES}
          onPageChange={(p) => void navigate({ search: (prev) => ({ ...prev, page: p === 1 ? undefined : p }) })}
          onRecordsPerPageChange={(size) => void navigate({ search: (prev) => ({ ...prev, page_size: size, page: undefined }) })}
          paginationText={({ from, to, totalRecords }) => t('common.records', { from, to, total: totalRecords })}
          noRecordsText={t('retention.empty')}
          emptyState={candidates.isPending ? undefined : <EmptyState>{t('retention.empty')}</EmptyState>}
          columns={[
            {
              accessor: 'name',
              title: t('retention.name'),
              render: (c) => (
                <Anchor renderRoot={(props) => <Link {...props} to="/people/$personId" params={{ personId: c.id }} search={{ tab: 'privacy' }} />}>
                  {c.name || `#${c.id}`}
                </Anchor>
              ),
            },
            { accessor: 'email', title: t('retention.email') },
            {
              accessor: 'last_activity',
              title: t('retention.lastActivity'),
              render: (c) => (c.last_activity ? formatDateTime(c.last_activity) : <Text c="dimmed" size="sm">{t('retention.never')}</Text>),
            },
            {
              accessor: 'actions',
              title: '',
              textAlign: 'right',
              render: (c) => {
                const name = c.name || c.email || `#${c.id}`;
                return (
                  <Button
                    size="xs"
                    variant="subtle"
                    color="red"
                    leftSection={<IconTrash size={14} aria-hidden />}
                    aria-label={t('person.privacy.erase.openOf', { name })}
                    onClick={() => setErasing({ id: c.id, name })}
                  >
                    {t('person.privacy.erase.open')}
                  </Button>
                );
              },
            },
          ]}
        />
      )}
      {erasing && <EraseModal personId={erasing.id} name={erasing.name} onClose={() => setErasing(null)} />}
    </Stack>
  );
}

export const Route = createLazyRoute('/staff/retention')({ component: RetentionPage });

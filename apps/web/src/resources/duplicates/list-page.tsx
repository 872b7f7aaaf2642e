import { Badge, Button, Group, Stack, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { createLazyRoute, Link } from '@tanstack/react-router';
import { DataTable } from 'mantine-datatable';
import { useTranslation } from 'react-i18next';
import type { RouterOutputs } from '@klub/api/router';
import { useTRPC } from '../../api/trpc.js';
import { PAGE_SIZE, pageQuery } from '../../components/list-search.js';
import { ErrorState } from '../../components/states.js';

export const Route = createLazyRoute('/staff/duplicates')({ component: DuplicatesPage });

type Side = RouterOutputs['admin']['profiles']['duplicates']['results'][number]['first'];

/** How one side of a pair reads in the list: name, e-mail, city, birth date. */
export function describeSide(p: Side): string {
  const name = p.kind === 'company' ? (p.name ?? '') : [p.first_name, p.last_name].filter(Boolean).join(' ');
  const born = [p.birth_day, p.birth_month, p.age_group].filter((x) => x !== null).join('. ');
  return [name || p.username || `#${p.id}`, p.email, p.city, born].filter(Boolean).join(' · ');
}

/** Issue 17 §2: the probable duplicates within the caller's units, each with why, and the way to merge them. */
function DuplicatesPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const search = Route.useSearch();
  const navigate = Route.useNavigate();
  const list = useQuery({ ...trpc.admin.profiles.duplicates.queryOptions(pageQuery(search)), placeholderData: keepPreviousData });
  return (
    <Stack>
      <Title order={2}>{t('duplicates.title')}</Title>
      <Text c="dimmed">{t('duplicates.help')}</Text>
      {list.error ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <DataTable
          withTableBorder
          minHeight={160}
          fetching={list.isFetching}
          idAccessor={(p) => `${p.first.id}-${p.second.id}`}
          records={list.data?.results ?? []}
          totalRecords={list.data?.count ?? 0}
          recordsPerPage={PAGE_SIZE}
          page={search.page ?? 1}
          onPageChange={(page) => void navigate({ search: (prev) => ({ ...prev, page }) })}
          noRecordsText={t('common.empty')}
          paginationText={({ from, to, totalRecords }) => t('common.records', { from, to, total: totalRecords })}
          columns={[
            {
              accessor: 'first',
              title: t('duplicates.first'),
              render: (p) => (
                <Link to="/people/$personId" params={{ personId: p.first.id }}>
                  {describeSide(p.first)}
                </Link>
              ),
            },
            {
              accessor: 'second',
              title: t('duplicates.second'),
              render: (p) => (
                <Link to="/people/$personId" params={{ personId: p.second.id }}>
                  {describeSide(p.second)}
                </Link>
              ),
            },
            {
              accessor: 'reasons',
              title: t('duplicates.reasons'),
              render: (p) => (
                <Group gap={4}>
                  {p.reasons.map((r) => (
                    <Badge key={r} variant="light">
                      {t(`duplicates.reason.${r}`)}
                    </Badge>
                  ))}
                </Group>
              ),
            },
            {
              accessor: 'merge',
              title: '',
              render: (p) => (
                <Button size="xs" onClick={() => void navigate({ to: '/duplicates/merge', search: { first: p.first.id, second: p.second.id } })}>
                  {t('duplicates.merge')}
                </Button>
              ),
            },
          ]}
        />
      )}
    </Stack>
  );
}

import { Badge, Button, Card, Group, Progress, Select, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createLazyRoute } from '@tanstack/react-router';
import { DataTable } from 'mantine-datatable';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RouterOutputs } from '@klub/api/router';
import { formErrorOf } from '../../api/field-errors.js';
import { useTRPC } from '../../api/trpc.js';
import { compact, PAGE_SIZE, pageQuery } from '../../components/list-search.js';
import { ErrorState, PageLoader } from '../../components/states.js';
import { ImportStatus } from './list-page.js';

export const Route = createLazyRoute('/staff/imports/$importId')({ component: ImportPage });

type PeopleImport = RouterOutputs['admin']['peopleImports']['retrieve'];
type PeopleImportField = keyof NonNullable<PeopleImport['mapping']>['columns'];
type Outcome = keyof PeopleImport['counts'];

/** The API's mapping fields and row outcomes, in the order the screen shows them (typed against the API). */
const PEOPLE_IMPORT_FIELDS = [
  'email', 'first_name', 'last_name', 'telephone', 'street', 'city', 'zip_code', 'birth_date', 'language', 'sex', 'note',
  'vs', 'regular_amount', 'regular_frequency', 'money_account', 'event',
] as const satisfies readonly PeopleImportField[];
const PEOPLE_IMPORT_OUTCOMES = ['create', 'update', 'unchanged', 'refuse', 'skip'] as const satisfies readonly Outcome[];

const RUNNING = new Set(['queued', 'running']);
const OUTCOME_COLOR = { create: 'green', update: 'blue', unchanged: 'gray', refuse: 'red', skip: 'gray' } as const;

/**
 * Issue 17 §3: map the file's columns, look at the dry run (counts, and each row with what it
 * would do and why a row is refused), start the import and follow its progress to the result.
 */
function ImportPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { importId } = Route.useParams();
  const search = Route.useSearch();
  const navigate = Route.useNavigate();
  const imp = useQuery({
    ...trpc.admin.peopleImports.retrieve.queryOptions({ id: importId }),
    refetchInterval: (q) => (q.state.data && RUNNING.has(q.state.data.status) ? 1000 : false),
  });
  const rows = useQuery({
    ...trpc.admin.peopleImports.rows.queryOptions({ id: importId, ...pageQuery(search), ...(search.outcome ? { outcome: search.outcome } : {}) }),
    enabled: !!imp.data && imp.data.status !== 'uploaded',
    placeholderData: keepPreviousData,
  });
  const [columns, setColumns] = useState<Partial<Record<PeopleImportField, string>>>({});
  useEffect(() => {
    if (imp.data?.mapping) setColumns(imp.data.mapping.columns);
  }, [imp.data?.mapping]);
  const refresh = (data: unknown) => {
    queryClient.setQueryData(trpc.admin.peopleImports.retrieve.queryKey({ id: importId }), data as never);
    void queryClient.invalidateQueries({ queryKey: trpc.admin.peopleImports.rows.queryKey() });
  };
  const saveMapping = useMutation(trpc.admin.peopleImports.mapping.mutationOptions({ onSuccess: refresh }));
  const dryRun = useMutation(trpc.admin.peopleImports.dryRun.mutationOptions({ onSuccess: refresh }));
  const start = useMutation(trpc.admin.peopleImports.start.mutationOptions({ onSuccess: (s) => refresh(s.import) }));
  const wasRunning = imp.data && RUNNING.has(imp.data.status);
  useEffect(() => {
    if (imp.data?.status === 'done') void queryClient.invalidateQueries({ queryKey: trpc.admin.peopleImports.rows.queryKey() });
  }, [imp.data?.status, queryClient, trpc]);

  if (imp.error) return <ErrorState error={imp.error} onRetry={() => void imp.refetch()} />;
  if (!imp.data) return <PageLoader />;
  const data = imp.data;
  const editable = data.status === 'uploaded' || data.status === 'staged';
  const error = saveMapping.error ?? dryRun.error ?? start.error;
  const headerOptions = data.headers.map((h) => ({ value: h, label: h }));

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('imports.one', { id: data.id })}</Title>
        <ImportStatus status={data.status} />
      </Group>
      <Text c="dimmed">{data.file_name}</Text>

      {editable && (
        <Card withBorder component="section" aria-labelledby="mapping-title">
          <Stack>
            <Title order={3} size="h4" id="mapping-title">
              {t('imports.mapping')}
            </Title>
            <SimpleGrid cols={{ base: 2, md: 4 }}>
              {PEOPLE_IMPORT_FIELDS.map((f) => (
                <Select
                  key={f}
                  label={t(`imports.fields.${f}`)}
                  data={headerOptions}
                  value={columns[f] ?? null}
                  clearable
                  onChange={(v) => setColumns((prev) => compact({ ...prev, [f]: v ?? undefined }))}
                />
              ))}
            </SimpleGrid>
            <Group>
              <Button
                variant="default"
                loading={saveMapping.isPending}
                onClick={() => saveMapping.mutate({ id: data.id, columns, defaults: data.mapping?.defaults ?? {} })}
              >
                {t('imports.saveMapping')}
              </Button>
              <Button variant="light" loading={dryRun.isPending} onClick={() => dryRun.mutate({ id: data.id })}>
                {t('imports.dryRun')}
              </Button>
              <Button loading={start.isPending} disabled={data.status !== 'staged'} onClick={() => start.mutate({ id: data.id })}>
                {t('imports.start')}
              </Button>
            </Group>
          </Stack>
        </Card>
      )}
      {error && (
        <Text c="red" role="alert">
          {formErrorOf(error)}
        </Text>
      )}

      {(wasRunning || data.status === 'done' || data.status === 'failed') && (
        <Card withBorder>
          <Stack gap="xs">
            <Text>{t('imports.progress')}</Text>
            <Progress value={data.progress} aria-label={t('imports.progress')} />
            <Text size="sm">
              {data.rows_done} / {data.rows_total}
            </Text>
            {data.status === 'done' && <Text size="sm">{t('imports.channels', { count: data.channels_created })}</Text>}
            {data.error && <Text c="red">{data.error}</Text>}
          </Stack>
        </Card>
      )}

      {data.status !== 'uploaded' && (
        <>
          <Group gap="xs" aria-label={t('imports.outcome')}>
            {PEOPLE_IMPORT_OUTCOMES.map((o) => (
              <Badge
                key={o}
                size="lg"
                color={OUTCOME_COLOR[o]}
                variant={search.outcome === o ? 'filled' : 'light'}
                style={{ cursor: 'pointer' }}
                onClick={() => void navigate({ search: (prev) => compact({ ...prev, outcome: prev.outcome === o ? undefined : o, page: undefined }) })}
              >
                {t(`imports.outcomes.${o}`)}: {data.counts[o]}
              </Badge>
            ))}
          </Group>
          {rows.error ? (
            <ErrorState error={rows.error} />
          ) : (
            <DataTable
              withTableBorder
              minHeight={160}
              fetching={rows.isFetching}
              idAccessor="row"
              records={rows.data?.results ?? []}
              totalRecords={rows.data?.count ?? 0}
              recordsPerPage={PAGE_SIZE}
              page={search.page ?? 1}
              onPageChange={(page) => void navigate({ search: (prev) => ({ ...prev, page }) })}
              noRecordsText={t('common.empty')}
              paginationText={({ from, to, totalRecords }) => t('common.records', { from, to, total: totalRecords })}
              columns={[
                { accessor: 'row', title: t('imports.row') },
                {
                  accessor: 'outcome',
                  title: t('imports.outcome'),
                  render: (r) => (
                    <Badge color={OUTCOME_COLOR[r.outcome]} variant="light">
                      {t(`imports.outcomes.${r.outcome}`)}
                    </Badge>
                  ),
                },
                { accessor: 'email', title: t('imports.fields.email') },
                { accessor: 'name', title: t('imports.fields.last_name'), render: (r) => [r.first_name, r.last_name].filter(Boolean).join(' ') },
                { accessor: 'fills', title: t('imports.fills'), render: (r) => r.fills.join(', ') },
                { accessor: 'reasons', title: t('imports.reasons'), render: (r) => r.reasons.map((x) => `${x.field}: ${x.message}`).join('; ') },
              ]}
            />
          )}
        </>
      )}
    </Stack>
  );
}

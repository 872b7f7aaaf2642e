import { Alert, Button, Card, Group, Radio, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createLazyRoute, Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formErrorOf } from '../../api/field-errors.js';
import { useTRPC, useTRPCClient } from '../../api/trpc.js';
import { ErrorState, PageLoader } from '../../components/states.js';

export const Route = createLazyRoute('/staff/duplicates/merge')({ component: MergePage });

/**
 * Issue 17 §2: choose who stays, see what would move (the merge itself, rolled back:
 * `dry_run`), then merge.
 */
function MergePage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { first, second } = Route.useSearch();
  const [survivor, setSurvivor] = useState(first);
  const other = survivor === first ? second : first;
  const a = useQuery(trpc.admin.profiles.retrieve.queryOptions({ id: first }));
  const b = useQuery(trpc.admin.profiles.retrieve.queryOptions({ id: second }));
  const client = useTRPCClient();
  // The merge run and rolled back: exactly what the merge would move, nothing kept.
  const preview = useQuery({
    queryKey: ['merge-preview', survivor, other],
    queryFn: () => client.admin.profiles.merge.mutate({ survivor, other, dry_run: true }),
    enabled: first > 0 && second > 0,
    retry: false,
    staleTime: 0,
  });
  const merge = useMutation(
    trpc.admin.profiles.merge.mutationOptions({ onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.admin.profiles.duplicates.queryKey() }) }),
  );
  if (a.error || b.error) return <ErrorState error={a.error ?? b.error} />;
  if (!a.data || !b.data) return <PageLoader />;
  const label = (p: typeof a.data) =>
    `#${p.id} ${[p.first_name, p.last_name].filter(Boolean).join(' ') || p.username || ''}${p.email ? ` <${p.email}>` : ''}`;
  const moved = (preview.data?.references ?? []).filter((r) => r.moved > 0 || r.united > 0);
  return (
    <Stack>
      <Title order={2}>{t('duplicates.mergeTitle')}</Title>
      {merge.data ? (
        <Alert color="green" role="status">
          {t('duplicates.done', { id: merge.data.profile.id })}{' '}
          <Link to="/people/$personId" params={{ personId: merge.data.profile.id }}>
            {label(merge.data.profile)}
          </Link>
        </Alert>
      ) : (
        <>
          <Card withBorder>
            <Radio.Group label={t('duplicates.survivor')} value={String(survivor)} onChange={(v) => setSurvivor(Number(v))}>
              <Stack mt="xs">
                <Radio value={String(first)} label={label(a.data)} />
                <Radio value={String(second)} label={label(b.data)} />
              </Stack>
            </Radio.Group>
          </Card>
          <Card withBorder component="section" aria-labelledby="preview-title">
            <Stack>
              <Title order={3} size="h4" id="preview-title">
                {t('duplicates.preview')}
              </Title>
              <Text size="sm" c="dimmed">
                {t('duplicates.previewHelp')}
              </Text>
              {preview.error ? (
                <ErrorState error={preview.error} />
              ) : moved.length === 0 ? (
                <Text>{preview.isFetching ? t('common.loading') : t('duplicates.nothing')}</Text>
              ) : (
                <Table>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('duplicates.table')}</Table.Th>
                      <Table.Th>{t('duplicates.moved')}</Table.Th>
                      <Table.Th>{t('duplicates.united')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {moved.map((r) => (
                      <Table.Tr key={`${r.table}.${r.column}`}>
                        <Table.Td>
                          {r.table}.{r.column}
                        </Table.Td>
                        <Table.Td>{r.moved}</Table.Td>
                        <Table.Td>{r.united}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              )}
            </Stack>
          </Card>
          {merge.error && (
            <Text c="red" role="alert">
              {formErrorOf(merge.error)}
            </Text>
          )}
          <Group>
            <Button color="red" loading={merge.isPending} onClick={() => merge.mutate({ survivor, other })}>
              {t('duplicates.confirm')}
            </Button>
          </Group>
        </>
      )}
    </Stack>
  );
}

import { Alert, Anchor, Button, Code, Group, Progress, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createLazyRoute, Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RouterOutputs } from '@klub/api/router';
import { useTRPC } from '../../api/trpc.js';
import { ResourceList } from '../../components/resource-list.js';
import { ErrorState, PageLoader } from '../../components/states.js';
import { StatementStatus } from '../../components/statement-status.js';
import { formatDate, formatMoney } from '../../format.js';
import { duplicatesOf } from './format.js';
import { PairModal } from './pair-modal.js';

export const Route = createLazyRoute('/staff/statements/$statementId')({ component: StatementPage });

type Payment = RouterOutputs['admin']['payments']['retrieve'];

function Figure({ label, value, testId }: { label: string; value: number; testId: string }) {
  return (
    <Stack gap={0} p="sm" style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 4 }}>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text size="xl" fw={700} data-testid={testId}>
        {value}
      </Text>
    </Stack>
  );
}

function StatementPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { statementId } = Route.useParams();
  const search = Route.useSearch();
  const navigate = Route.useNavigate();
  const [pairing, setPairing] = useState<Payment | null>(null);
  // The import runs in the worker: the statement is polled until it is done or failed.
  const statement = useQuery({
    ...trpc.admin.accountStatements.retrieve.queryOptions({ id: statementId }),
    refetchInterval: (q) => (q.state.data && ['queued', 'running'].includes(q.state.data.status) ? 1000 : false),
    staleTime: 0,
  });
  const done = statement.data?.status === 'done';
  const repair = useMutation(
    trpc.admin.accountStatements.pair.mutationOptions({
      onSuccess: async (result) => {
        notifications.show({ message: t('statements.repaired', { paired: result.paired, considered: result.considered }) });
        await queryClient.invalidateQueries();
      },
    }),
  );

  if (statement.error) return <ErrorState error={statement.error} onRetry={() => void statement.refetch()} />;
  if (!statement.data) return <PageLoader />;
  const s = statement.data;
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('statements.one', { id: s.id })}</Title>
        <Anchor component={Link} to="/statements">
          {t('common.back')}
        </Anchor>
      </Group>
      <Group>
        <StatementStatus status={s.status} />
        <Text size="sm">
          {t(`statements.types.${s.type as 'account'}`, { defaultValue: s.type })} · {formatDate(s.date_from)} – {formatDate(s.date_to)}
        </Text>
      </Group>
      {!done && s.status !== 'failed' && (
        <Progress value={s.progress} animated aria-label={t('statements.progress')} aria-valuenow={s.progress} />
      )}
      {s.errors.length > 0 && (
        <Alert color="red" title={t('statements.errors')} role="alert">
          {s.errors.map((e, i) => (
            <Text key={i} size="sm">
              {typeof e.line === 'number' ? `${e.line}: ` : ''}
              {e.message}
            </Text>
          ))}
        </Alert>
      )}
      {done && (
        <>
          <SimpleGrid cols={{ base: 2, sm: 4 }} aria-label={t('statements.result')}>
            <Figure label={t('statements.total')} value={s.payments_total} testId="payments-total" />
            <Figure label={t('statements.paired')} value={s.payments_paired} testId="payments-paired" />
            <Figure label={t('statements.unpaired')} value={s.payments_total - s.payments_paired} testId="payments-unpaired" />
            <Figure label={t('statements.duplicates')} value={duplicatesOf(s.pair_log)} testId="payments-duplicates" />
          </SimpleGrid>
          <Group justify="space-between">
            <Title order={3} size="h4">
              {t('statements.unpairedTitle')}
            </Title>
            <Button variant="light" onClick={() => repair.mutate({ id: s.id })} loading={repair.isPending}>
              {t('statements.repair')}
            </Button>
          </Group>
          <ResourceList
            search={search}
            onSearch={(patch) => void navigate({ search: (prev) => ({ ...prev, ...patch }) })}
            query={(page) => trpc.admin.accountStatements.unpairedPayments.queryOptions({ id: statementId, ...page })}
            noRecordsText={t('statements.allPaired')}
            aria-label={t('statements.unpairedTitle')}
            columns={[
              { accessor: 'date', title: t('statements.date'), render: (p) => formatDate(p.date) },
              { accessor: 'amount', title: t('donations.amount'), textAlign: 'right', render: (p) => formatMoney(p.amount) },
              { accessor: 'account_name', title: t('statements.sender') },
              { accessor: 'VS', title: 'VS' },
              { accessor: 'recipient_message', title: t('statements.message') },
              {
                accessor: 'actions',
                title: '',
                textAlign: 'right',
                render: (p) => (
                  <Button size="xs" onClick={() => setPairing(p)} aria-label={t('statements.pairPayment', { name: p.account_name || p.id })}>
                    {t('statements.pair')}
                  </Button>
                ),
              },
            ]}
          />
          {s.pair_log && (
            <details>
              <summary>{t('statements.pairLog')}</summary>
              <Code block>{s.pair_log}</Code>
            </details>
          )}
        </>
      )}
      {pairing && <PairModal payment={pairing} onClose={() => setPairing(null)} />}
    </Stack>
  );
}

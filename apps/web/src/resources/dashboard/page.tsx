import { Anchor, Badge, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { createLazyRoute, Link, useRouteContext } from '@tanstack/react-router';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import type { RouterOutputs } from '@klub/api/router';
import { useTRPC } from '../../api/trpc.js';
import { displayName } from '../../auth/access.js';
import { EmptyState, ErrorState, PageLoader } from '../../components/states.js';
import { formatDate, formatDateTime, formatMoney } from '../../format.js';
import { currentLanguage } from '../../i18n/index.js';

type Dashboard = RouterOutputs['admin']['dashboard'];

// Recharts is the largest library of the app: the chart comes after the figures.
const MonthsChart = lazy(() => import('./months-chart.js'));

/** A statement older than this many days is overdue (statements are uploaded about weekly). */
const STALE_DAYS = 14;

/** `2026-12-01` → `12/2026` (`Dec 2026` in English). */
export function monthLabel(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Intl.DateTimeFormat(currentLanguage() === 'en' ? 'en-GB' : 'cs-CZ', { timeZone: 'UTC', month: 'short', year: 'numeric' }).format(
    new Date(Date.UTC(y, m - 1, 1)),
  );
}

function Section({ title, children, testId }: { title: string; children: React.ReactNode; testId: string }) {
  return (
    <Card withBorder component="section" aria-label={title} data-testid={testId}>
      <Title order={3} size="h4" mb="sm">
        {title}
      </Title>
      {children}
    </Card>
  );
}

function Months({ months }: { months: Dashboard['months'] }) {
  const { t } = useTranslation();
  const current = months[months.length - 1];
  return (
    <Section title={t('dashboard.months')} testId="dashboard-months">
      <Group gap="xl" mb="md">
        <Stack gap={0}>
          <Text size="sm" c="dimmed">
            {t('dashboard.incomeThisMonth')}
          </Text>
          <Text size="xl" fw={700} data-testid="income-this-month">
            {formatMoney(current?.income ?? 0)}
          </Text>
        </Stack>
        <Stack gap={0}>
          <Text size="sm" c="dimmed">
            {t('dashboard.membersThisMonth')}
          </Text>
          <Text size="xl" fw={700} data-testid="members-this-month">
            {current?.members ?? 0}
          </Text>
        </Stack>
      </Group>
      <Suspense fallback={<PageLoader />}>
        <MonthsChart months={months.map((m) => ({ ...m, label: monthLabel(m.month) }))} />
      </Suspense>
      {/* The chart's numbers as a table, for screen readers and for exact figures. */}
      <details>
        <summary>{t('dashboard.asTable')}</summary>
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('dashboard.month')}</Table.Th>
              <Table.Th ta="right">{t('dashboard.income')}</Table.Th>
              <Table.Th ta="right">{t('dashboard.members')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {months.map((m) => (
              <Table.Tr key={m.month}>
                <Table.Td>{monthLabel(m.month)}</Table.Td>
                <Table.Td ta="right">{formatMoney(m.income)}</Table.Td>
                <Table.Td ta="right">{m.members}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </details>
    </Section>
  );
}

function LateThisMonth({ late }: { late: Dashboard['late_this_month'] }) {
  const { t } = useTranslation();
  return (
    <Section title={t('dashboard.lateThisMonth', { count: late.count })} testId="dashboard-late">
      {late.results.length === 0 ? (
        <EmptyState>{t('dashboard.noneLate')}</EmptyState>
      ) : (
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('donations.donor')}</Table.Th>
              <Table.Th>VS</Table.Th>
              <Table.Th ta="right">{t('donations.amount')}</Table.Th>
              <Table.Th>{t('donations.expected')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {late.results.map((l) => (
              <Table.Tr key={l.channel}>
                <Table.Td>
                  <Link to="/people/$personId" params={{ personId: l.profile }}>
                    {l.name}
                  </Link>
                </Table.Td>
                <Table.Td>
                  <Link to="/donations/$channelId" params={{ channelId: l.channel }}>
                    {l.VS}
                  </Link>
                </Table.Td>
                <Table.Td ta="right">{formatMoney(l.regular_amount)}</Table.Td>
                <Table.Td>{formatDate(l.expected_regular_payment_date)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {late.count > late.results.length && (
        <Link to="/donations" search={{ late: true }}>
          {t('dashboard.allLate', { count: late.count })}
        </Link>
      )}
    </Section>
  );
}

function Accounts({ accounts }: { accounts: Dashboard['accounts'] }) {
  const { t } = useTranslation();
  return (
    <Section title={t('dashboard.accounts')} testId="dashboard-accounts">
      {accounts.length === 0 ? (
        <EmptyState>{t('dashboard.noAccounts')}</EmptyState>
      ) : (
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('settings.accountNumber')}</Table.Th>
              <Table.Th>{t('dashboard.lastImport')}</Table.Th>
              <Table.Th ta="right">{t('dashboard.daysSince')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {accounts.map((a) => (
              <Table.Tr key={a.id}>
                <Table.Td>{a.bank_account_number ?? a.slug ?? `#${a.id}`}</Table.Td>
                <Table.Td>{a.last_import ? formatDateTime(a.last_import) : t('dashboard.never')}</Table.Td>
                <Table.Td ta="right">
                  {a.days_since === null ? (
                    <Badge color="red">{t('dashboard.never')}</Badge>
                  ) : (
                    <Badge color={a.days_since > STALE_DAYS ? 'red' : 'green'} variant="light">
                      {t('dashboard.days', { count: a.days_since })}
                    </Badge>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Section>
  );
}

function FailedJobs({ failed, superuser }: { failed: Dashboard['failed_jobs']; superuser: boolean }) {
  const { t } = useTranslation();
  return (
    <Section title={t('dashboard.failedJobs')} testId="dashboard-jobs">
      {failed === null ? (
        <Text size="sm" c="dimmed">
          {t('dashboard.jobsUnknown')}
        </Text>
      ) : failed.count === 0 ? (
        <EmptyState>{t('dashboard.noFailedJobs')}</EmptyState>
      ) : (
        <Stack gap="xs">
          <Text fw={700} c="red" data-testid="failed-jobs-count">
            {t('dashboard.failedCount', { count: failed.count })}
          </Text>
          {failed.results.map((j) => (
            <Text key={`${j.queue}-${j.id}`} size="sm">
              {formatDateTime(j.finished_at)} · {j.queue}/{j.name}: {j.failed_reason}
            </Text>
          ))}
        </Stack>
      )}
      {superuser && (
        <Anchor component={Link} to="/jobs" size="sm">
          {t('dashboard.openJobs')}
        </Anchor>
      )}
    </Section>
  );
}

function DashboardPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const { me } = useRouteContext({ from: '/staff' });
  const dashboard = useQuery(trpc.admin.dashboard.queryOptions({}));
  return (
    <Stack>
      <Title order={2}>{t('dashboard.title')}</Title>
      <Text>{t('dashboard.welcome', { name: displayName(me) })}</Text>
      {dashboard.error ? (
        <ErrorState error={dashboard.error} onRetry={() => void dashboard.refetch()} />
      ) : !dashboard.data ? (
        <PageLoader />
      ) : (
        <>
          <Months months={dashboard.data.months} />
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <LateThisMonth late={dashboard.data.late_this_month} />
            <Accounts accounts={dashboard.data.accounts} />
          </SimpleGrid>
          {dashboard.data.failed_jobs !== null || me.is_superuser ? <FailedJobs failed={dashboard.data.failed_jobs} superuser={me.is_superuser} /> : null}
        </>
      )}
    </Stack>
  );
}

export const Route = createLazyRoute('/staff/')({ component: DashboardPage });

import { Anchor, Badge, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { createLazyRoute, Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../../api/trpc.js';
import { usePersonNames } from '../../components/person-names.js';
import { ResourceList } from '../../components/resource-list.js';
import { ErrorState, PageLoader } from '../../components/states.js';
import { formatDate, formatMoney } from '../../format.js';

export const Route = createLazyRoute('/staff/donations/$channelId')({ component: ChannelPage });

function Fact({ label, children, testId }: { label: string; children: React.ReactNode; testId?: string }) {
  return (
    <Stack gap={0}>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text fw={600} data-testid={testId}>
        {children || '—'}
      </Text>
    </Stack>
  );
}

function ChannelPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const { channelId } = Route.useParams();
  const search = Route.useSearch();
  const navigate = Route.useNavigate();
  const channel = useQuery(trpc.admin.donorPaymentChannels.retrieve.queryOptions({ id: channelId }));
  const nameOf = usePersonNames([channel.data?.user]);
  if (channel.error) return <ErrorState error={channel.error} onRetry={() => void channel.refetch()} />;
  if (!channel.data) return <PageLoader />;
  const c = channel.data;
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('donations.channel', { vs: c.VS })}</Title>
        <Anchor component={Link} to="/donations">
          {t('common.back')}
        </Anchor>
      </Group>
      {c.is_late && <Badge color="red">{t('donations.lateBadge')}</Badge>}
      <SimpleGrid cols={{ base: 2, sm: 4 }}>
        <Fact label={t('donations.donor')}>
          <Link to="/people/$personId" params={{ personId: c.user }}>
            {nameOf(c.user)}
          </Link>
        </Fact>
        <Fact label={t('donations.amount')}>{formatMoney(c.regular_amount)}</Fact>
        <Fact label={t('donations.frequency')}>{c.regular_frequency ? t(`donations.frequencies.${c.regular_frequency}`) : ''}</Fact>
        <Fact label={t('donations.registered')}>{formatDate(c.registered_support)}</Fact>
        <Fact label={t('donations.total')} testId="channel-total">
          {formatMoney(c.payment_total ?? 0)}
        </Fact>
        <Fact label={t('donations.count')}>{String(c.number_of_payments ?? 0)}</Fact>
        <Fact label={t('donations.expected')} testId="channel-expected">
          {formatDate(c.expected_regular_payment_date)}
        </Fact>
        <Fact label={t('donations.late')}>{c.is_late ? t('common.yes') : t('common.no')}</Fact>
      </SimpleGrid>
      <Title order={3} size="h4">
        {t('donations.payments')}
      </Title>
      <ResourceList
        search={search}
        onSearch={(patch) => void navigate({ search: (prev) => ({ ...prev, ...patch }) })}
        query={(page) => trpc.admin.payments.list.queryOptions({ ...page, ordering: '-date', user_donor_payment_channel: String(channelId) })}
        aria-label={t('donations.payments')}
        columns={[
          { accessor: 'date', title: t('statements.date'), render: (p) => formatDate(p.date) },
          { accessor: 'amount', title: t('donations.amount'), textAlign: 'right', render: (p) => formatMoney(p.amount) },
          { accessor: 'type', title: t('donations.paymentType') },
          { accessor: 'account_name', title: t('statements.sender') },
          {
            accessor: 'account_statement',
            title: t('donations.statement'),
            render: (p) =>
              p.account_statement ? (
                <Link to="/statements/$statementId" params={{ statementId: p.account_statement }}>
                  {p.account_statement}
                </Link>
              ) : null,
          },
        ]}
      />
    </Stack>
  );
}

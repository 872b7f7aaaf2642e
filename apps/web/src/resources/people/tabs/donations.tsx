import { Badge, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { DataTable } from 'mantine-datatable';
import { useTranslation } from 'react-i18next';
import type { RouterOutputs } from '@klub/api/router';
import { useTRPC } from '../../../api/trpc.js';
import { EmptyState, ErrorState, PageLoader } from '../../../components/states.js';
import { formatDate, formatMoney } from '../../../format.js';

type Channel = RouterOutputs['admin']['donorPaymentChannels']['list']['results'][number];

function ChannelPayments({ channel }: { channel: Channel }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const payments = useQuery(
    trpc.admin.payments.list.queryOptions({
      user_donor_payment_channel: channel.id,
      ordering: '-date',
      page_size: 100,
    }),
  );
  if (payments.isError) return <ErrorState error={payments.error} />;
  return (
    <DataTable
      aria-label={t('person.payments')}
      withTableBorder
      minHeight={payments.data?.count ? undefined : 120}
      fetching={payments.isPending}
      records={payments.data?.results ?? []}
      noRecordsText={t('person.noPayments')}
      columns={[
        { accessor: 'date', title: t('person.date'), render: (p) => formatDate(p.date) },
        { accessor: 'amount', title: t('person.amount'), textAlign: 'right', render: (p) => formatMoney(p.amount) },
        { accessor: 'type', title: t('people.status') },
        { accessor: 'account_name', title: t('people.name') },
      ]}
    />
  );
}

/** The person's payment channels (VS, regularity, late or current, the expected next payment) with their payments. */
export function DonationsTab({ personId }: { personId: number }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const channels = useQuery(trpc.admin.donorPaymentChannels.list.queryOptions({ user: personId, page_size: 100 }));
  if (channels.isPending) return <PageLoader />;
  if (channels.isError) return <ErrorState error={channels.error} />;
  if (!channels.data.results.length) return <EmptyState>{t('person.noChannels')}</EmptyState>;
  return (
    <Stack>
      {channels.data.results.map((c) => (
        <Card key={c.id} withBorder>
          <Stack gap="sm">
            <Group justify="space-between">
              <Title order={3} size="h5">
                {t('people.vs')} {c.VS}
              </Title>
              <Group gap={4}>
                <Badge variant="light">{c.regular_payments}</Badge>
                {c.is_late === true && (
                  <Badge color="red" variant="light">
                    {t('people.isLate')}
                  </Badge>
                )}
              </Group>
            </Group>
            <SimpleGrid cols={{ base: 2, md: 5 }}>
              <Text size="sm">
                {t('person.regularAmount')}: <b>{formatMoney(c.regular_amount)}</b>
              </Text>
              <Text size="sm">
                {t('person.frequency')}: <b>{c.regular_frequency ?? '—'}</b>
              </Text>
              <Text size="sm">
                {t('person.expected')}: <b>{formatDate(c.expected_regular_payment_date) || '—'}</b>
              </Text>
              <Text size="sm">
                {t('person.paymentsCount')}: <b>{c.number_of_payments ?? 0}</b>
              </Text>
              <Text size="sm">
                {t('people.total')}: <b>{formatMoney(c.payment_total ?? 0)}</b>
              </Text>
            </SimpleGrid>
            <ChannelPayments channel={c} />
          </Stack>
        </Card>
      ))}
    </Stack>
  );
}

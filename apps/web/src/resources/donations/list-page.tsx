import { Badge, Group, NumberInput, Select, Stack, TextInput, Title } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { createLazyRoute, Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../../api/trpc.js';
import { compact } from '../../components/list-search.js';
import { ResourceList } from '../../components/resource-list.js';
import { formatDate, formatMoney } from '../../format.js';
import { FREQUENCIES } from './choices.js';

export const Route = createLazyRoute('/staff/donations')({ component: ChannelsPage });

function ChannelsPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const search = Route.useSearch();
  const navigate = Route.useNavigate();
  const setSearch = (patch: Record<string, unknown>) => void navigate({ search: (prev) => compact({ ...prev, ...patch }) });
  const setFilter = (patch: Record<string, unknown>) => setSearch({ ...patch, page: undefined });
  const setDebounced = useDebouncedCallback(setFilter, 300);
  const units = useQuery(trpc.admin.administrativeUnits.list.queryOptions({ page_size: '100' }));
  const yesNo = [
    { value: 'true', label: t('common.yes') },
    { value: 'false', label: t('common.no') },
  ];
  return (
    <Stack>
      <Title order={2}>{t('donations.title')}</Title>
      <Group align="flex-end" role="search" aria-label={t('common.filters')}>
        <TextInput label={t('common.search')} description={t('donations.searchHelp')} defaultValue={search.search ?? ''} onChange={(e) => setDebounced({ search: e.currentTarget.value })} />
        <Select label={t('donations.late')} clearable data={yesNo} value={search.late === undefined ? null : String(search.late)} onChange={(v) => setFilter({ late: v === null ? undefined : v === 'true' })} w={110} />
        <Select
          label={t('donations.frequency')}
          clearable
          data={FREQUENCIES.map((f) => ({ value: f, label: t(`donations.frequencies.${f}`) }))}
          value={search.frequency ?? null}
          onChange={(v) => setFilter({ frequency: v ?? undefined })}
          w={150}
        />
        <Select
          label={t('statements.unit')}
          clearable
          data={(units.data?.results ?? []).map((u) => ({ value: String(u.id), label: u.name }))}
          value={search.unit === undefined ? null : String(search.unit)}
          onChange={(v) => setFilter({ unit: v === null ? undefined : Number(v) })}
        />
        <NumberInput label={t('donations.amountMin')} min={0} w={120} defaultValue={search.amount_min ?? ''} onChange={(v) => setDebounced({ amount_min: typeof v === 'number' ? v : undefined })} />
        <NumberInput label={t('donations.amountMax')} min={0} w={120} defaultValue={search.amount_max ?? ''} onChange={(v) => setDebounced({ amount_max: typeof v === 'number' ? v : undefined })} />
      </Group>
      <ResourceList
        search={search}
        onSearch={setSearch}
        defaultOrdering="-registered_support"
        query={(page) =>
          trpc.admin.donorPaymentChannels.list.queryOptions({
            ...page,
            ...compact({
              search: search.search,
              is_late: search.late,
              regular_frequency: search.frequency,
              administrative_unit: search.unit,
              regular_amount_min: search.amount_min,
              regular_amount_max: search.amount_max,
            }),
          })
        }
        people={(c) => [c.user]}
        columns={(nameOf) => [
          {
            accessor: 'VS',
            title: 'VS',
            sortable: true,
            render: (c) => (
              <Link to="/donations/$channelId" params={{ channelId: c.id }}>
                {c.VS}
              </Link>
            ),
          },
          {
            accessor: 'user',
            title: t('donations.donor'),
            render: (c) => (
              <Link to="/people/$personId" params={{ personId: c.user }}>
                {nameOf(c.user)}
              </Link>
            ),
          },
          { accessor: 'regular_amount', title: t('donations.amount'), sortable: true, textAlign: 'right', render: (c) => formatMoney(c.regular_amount) },
          { accessor: 'regular_frequency', title: t('donations.frequency'), render: (c) => (c.regular_frequency ? t(`donations.frequencies.${c.regular_frequency}`) : '') },
          { accessor: 'payment_total', title: t('donations.total'), textAlign: 'right', render: (c) => formatMoney(c.payment_total) },
          { accessor: 'expected_regular_payment_date', title: t('donations.expected'), render: (c) => formatDate(c.expected_regular_payment_date) },
          { accessor: 'registered_support', title: t('donations.registered'), sortable: true, render: (c) => formatDate(c.registered_support) },
          { accessor: 'is_late', title: t('donations.late'), render: (c) => (c.is_late ? <Badge color="red">{t('donations.lateBadge')}</Badge> : null) },
        ]}
      />
    </Stack>
  );
}

import { ActionIcon, Alert, Badge, Button, Group, NumberInput, Stack, Text, Title, Tooltip } from '@mantine/core';
import { IconDownload, IconTemplate } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { createLazyRoute, Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { RouterOutputs } from '@klub/api/router';
import { useTRPC, useTRPCClient } from '../../api/trpc.js';
import { compact } from '../../components/list-search.js';
import { ResourceList } from '../../components/resource-list.js';
import { UnitSelect, useUnits } from '../../components/unit-select.js';
import { formatDateTime, formatMoney } from '../../format.js';
import { ActionsCard } from './actions-card.js';
import { saveLink } from './save-link.js';

export const Route = createLazyRoute('/staff/tax-confirmations')({ component: TaxConfirmationsPage });

type Confirmation = RouterOutputs['admin']['taxConfirmations']['list']['results'][number];

const STATE_COLORS: Record<Confirmation['state'], string> = {
  pending: 'gray',
  generated: 'blue',
  outdated: 'orange',
  queued: 'cyan',
  sent: 'green',
  withdrawn: 'red',
};

/** Confirmations are made in January and February, for the year that has just ended. */
export const defaultTaxYear = () => new Date().getFullYear() - 1;

function TaxConfirmationsPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const search = Route.useSearch();
  const navigate = Route.useNavigate();
  const units = useUnits();
  const onlyUnit = units.data?.results.length === 1 ? units.data.results[0]!.id : undefined;
  const unit = search.unit ?? onlyUnit;
  const year = search.year ?? defaultTaxYear();
  const set = (changes: { unit?: number; year?: number }) =>
    void navigate({ search: (prev) => compact({ ...prev, ...changes, page: undefined }), replace: true });
  const filter = { ...(unit ? { administrative_unit: String(unit) } : {}), year: String(year) };
  const download = useMutation({
    mutationFn: async (c: Confirmation) => ({
      c,
      link: await client.admin.taxConfirmations.download.query({ id: c.id }),
    }),
    onSuccess: ({ c, link }) => saveLink(link.download_url, `potvrzeni-${c.year}-${c.profile}.pdf`),
  });
  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Title order={2}>{t('tax.title')}</Title>
        {unit && (
          <Link to="/tax-confirmations/template/$unitId" params={{ unitId: unit }} search={{ year }}>
            <Button component="span" variant="light" leftSection={<IconTemplate size={16} aria-hidden />}>
              {t('tax.editTemplate')}
            </Button>
          </Link>
        )}
      </Group>
      <Group align="flex-end">
        <UnitSelect label={t('tax.unit')} value={unit} onChange={(u) => set({ unit: u })} />
        <NumberInput
          label={t('tax.year')}
          value={year}
          min={2000}
          max={2100}
          w={120}
          onChange={(v) => typeof v === 'number' && v >= 2000 && v <= 2100 && set({ year: v })}
        />
      </Group>
      {unit ? <ActionsCard unit={unit} year={year} /> : <Text c="dimmed">{t('tax.chooseUnit')}</Text>}
      {download.error && (
        <Alert color="red" role="alert">
          {download.error.message}
        </Alert>
      )}
      <ResourceList
        search={search}
        onSearch={(patch) => void navigate({ search: (prev) => ({ ...prev, ...patch }) })}
        query={(page) => trpc.admin.taxConfirmations.list.queryOptions({ ...page, ...filter })}
        minHeight={160}
        columns={[
          {
            accessor: 'name',
            title: t('tax.donor'),
            render: (c) => (
              <Link to="/people/$personId" params={{ personId: c.profile }}>
                {c.name || `#${c.profile}`}
              </Link>
            ),
          },
          { accessor: 'year', title: t('tax.year') },
          { accessor: 'amount', title: t('tax.amount'), textAlign: 'right', render: (c) => formatMoney(c.amount) },
          {
            accessor: 'state',
            title: t('tax.state'),
            render: (c) => (
              <Badge color={STATE_COLORS[c.state]} variant="light">
                {t(`tax.states.${c.state}`)}
              </Badge>
            ),
          },
          { accessor: 'generated_at', title: t('tax.generatedAt'), render: (c) => formatDateTime(c.generated_at) },
          { accessor: 'sent_at', title: t('tax.sentAt'), render: (c) => formatDateTime(c.sent_at) },
          {
            accessor: 'actions',
            title: '',
            textAlign: 'right',
            render: (c) =>
              c.state === 'pending' || c.state === 'withdrawn' ? null : (
                <Tooltip label={t('tax.download')}>
                  <ActionIcon
                    variant="subtle"
                    aria-label={t('tax.downloadOne', { name: c.name })}
                    loading={download.isPending && download.variables?.id === c.id}
                    onClick={() => download.mutate(c)}
                  >
                    <IconDownload size={18} aria-hidden />
                  </ActionIcon>
                </Tooltip>
              ),
          },
        ]}
      />
    </Stack>
  );
}

import { Group, Select, Stack, Title } from '@mantine/core';
import { createLazyRoute, Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../../api/trpc.js';
import { compact } from '../../components/list-search.js';
import { ResourceList } from '../../components/resource-list.js';
import { StatementStatus } from '../../components/statement-status.js';
import { formatDate, formatDateTime } from '../../format.js';
import { UploadCard } from './upload-card.js';

export const Route = createLazyRoute('/staff/statements')({ component: StatementsPage });

const STATUSES = ['queued', 'running', 'done', 'failed'] as const;

function StatementsPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const search = Route.useSearch();
  const navigate = Route.useNavigate();
  const setSearch = (patch: Record<string, unknown>) => void navigate({ search: (prev) => compact({ ...prev, ...patch }) });
  return (
    <Stack>
      <Title order={2}>{t('statements.title')}</Title>
      <UploadCard />
      <Group>
        <Select
          label={t('statements.statusLabel')}
          clearable
          data={STATUSES.map((s) => ({ value: s, label: t(`statements.status.${s}`) }))}
          value={search.status ?? null}
          onChange={(status) => setSearch({ status: status ?? undefined, page: undefined })}
        />
      </Group>
      <ResourceList
        search={search}
        onSearch={setSearch}
        defaultOrdering="-import_date"
        query={(page) => trpc.admin.accountStatements.list.queryOptions({ ...page, ...compact({ status: search.status }) })}
        columns={[
          {
            accessor: 'id',
            title: '#',
            sortable: true,
            render: (s) => (
              <Link to="/statements/$statementId" params={{ statementId: s.id }}>
                {s.id}
              </Link>
            ),
          },
          { accessor: 'import_date', title: t('statements.imported'), sortable: true, render: (s) => formatDateTime(s.import_date) },
          { accessor: 'type', title: t('statements.type'), render: (s) => t(`statements.types.${s.type as 'account'}`, { defaultValue: s.type }) },
          { accessor: 'date_from', title: t('statements.period'), render: (s) => `${formatDate(s.date_from)} – ${formatDate(s.date_to)}` },
          { accessor: 'status', title: t('statements.statusLabel'), render: (s) => <StatementStatus status={s.status} /> },
          { accessor: 'payments_paired', title: t('statements.pairedOfTotal'), render: (s) => `${s.payments_paired} / ${s.payments_total}` },
        ]}
      />
    </Stack>
  );
}

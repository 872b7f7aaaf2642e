import { Code } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { DataTable } from 'mantine-datatable';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../../../api/trpc.js';
import { ErrorState } from '../../../components/states.js';
import { formatDateTime } from '../../../format.js';

/** The audit log of this person's record (`admin.auditLog`, resource `profiles`): who changed what, and when. */
export function HistoryTab({ personId }: { personId: number }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const log = useQuery(
    trpc.admin.auditLog.list.queryOptions({
      resource: 'profiles',
      object_id: String(personId),
      ordering: '-created_at',
      page_size: 100,
    }),
  );
  if (log.isError) return <ErrorState error={log.error} />;
  return (
    <DataTable
      aria-label={t('person.tabs.history')}
      withTableBorder
      minHeight={log.data?.count ? undefined : 120}
      fetching={log.isPending}
      records={log.data?.results ?? []}
      noRecordsText={t('person.history.none')}
      columns={[
        { accessor: 'created_at', title: t('person.history.when'), render: (r) => formatDateTime(r.created_at) },
        { accessor: 'actor', title: t('person.history.who'), render: (r) => (r.actor ? `#${r.actor}` : r.actor_kind) },
        { accessor: 'action', title: t('person.history.action') },
        {
          accessor: 'changes',
          title: t('person.history.changes'),
          render: (r) => (
            <Code block style={{ whiteSpace: 'pre-wrap' }}>
              {Object.entries(r.changes)
                .map(([field, change]) => {
                  const c = change as { old?: unknown; new?: unknown };
                  return `${field}: ${JSON.stringify(c.old ?? null)} → ${JSON.stringify(c.new ?? null)}`;
                })
                .join('\n')}
            </Code>
          ),
        },
      ]}
    />
  );
}

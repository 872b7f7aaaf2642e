import { Alert, Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDownload, IconTrash } from '@tabler/icons-react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { DataTable } from 'mantine-datatable';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RouterOutputs } from '@klub/api/router';
import { formErrorOf } from '../../../api/field-errors.js';
import { restFetch } from '../../../api/rest.js';
import { useTRPC } from '../../../api/trpc.js';
import { PAGE_SIZE } from '../../../components/list-search.js';
import { saveFile } from '../../../components/save-file.js';
import { ErrorState } from '../../../components/states.js';
import { formatDateTime } from '../../../format.js';
import { EraseModal } from '../erase-modal.js';

type Change = RouterOutputs['admin']['profiles']['consentHistory'][number];

/** The section frame of the tab: a heading, what the section is for, its content. */
function Section({ title, help, children }: { title: string; help: string; children: React.ReactNode }) {
  return (
    <Paper withBorder p="md" component="section" aria-label={title}>
      <Stack gap="sm">
        <Title order={3} size="h5">
          {title}
        </Title>
        <Text size="sm" c="dimmed">
          {help}
        </Text>
        {children}
      </Stack>
    </Paper>
  );
}

/** `GET /api/admin/profiles/{id}/export.zip` with the session, saved by the browser; the API records the export. */
function ExportSection({ personId }: { personId: number }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const download = useMutation({
    mutationFn: async () => {
      const res = await restFetch(`/api/admin/profiles/${personId}/export.zip`);
      saveFile(`person-${personId}.zip`, await res.blob());
    },
    onSuccess: async () => {
      notifications.show({ color: 'teal', message: t('person.privacy.export.done') });
      await queryClient.invalidateQueries({ queryKey: trpc.admin.profiles.accessLog.pathKey() });
    },
  });
  return (
    <Section title={t('person.privacy.export.title')} help={t('person.privacy.export.help')}>
      {download.error && (
        <Alert color="red" role="alert">
          {formErrorOf(download.error)}
        </Alert>
      )}
      <Group>
        <Button leftSection={<IconDownload size={16} aria-hidden />} loading={download.isPending} onClick={() => download.mutate()}>
          {t('person.privacy.export.download')}
        </Button>
      </Group>
    </Section>
  );
}

/** The consent to each unit's mailings, one table per unit, oldest change first; staff may record a change. */
function ConsentSection({ personId }: { personId: number }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const history = useQuery(trpc.admin.profiles.consentHistory.queryOptions({ id: personId }));
  const set = useMutation(
    trpc.admin.profiles.setMailingConsent.mutationOptions({
      onSuccess: async (changes) => {
        queryClient.setQueryData(trpc.admin.profiles.consentHistory.queryKey({ id: personId }), changes);
        await queryClient.invalidateQueries({ queryKey: trpc.admin.people.preferences.queryKey({ id: personId }) });
        notifications.show({ color: 'teal', message: t('person.privacy.consent.saved') });
      },
    }),
  );
  const consent = (v: boolean | null) =>
    v === null ? t('person.privacy.consent.unknown') : v ? t('person.privacy.consent.given') : t('person.privacy.consent.withdrawn');

  const units = new Map<number, { name: string; changes: Change[] }>();
  for (const change of history.data ?? []) {
    const unit = units.get(change.administrative_unit) ?? { name: change.administrative_unit_name, changes: [] };
    unit.changes.push(change);
    units.set(change.administrative_unit, unit);
  }

  return (
    <Section title={t('person.privacy.consent.title')} help={t('person.privacy.consent.help')}>
      {history.isError && <ErrorState error={history.error} onRetry={() => void history.refetch()} />}
      {set.error && (
        <Alert color="red" role="alert">
          {formErrorOf(set.error)}
        </Alert>
      )}
      {history.data?.length === 0 && <Text size="sm">{t('person.privacy.consent.none')}</Text>}
      {[...units].map(([unitId, unit]) => {
        const now = unit.changes.at(-1)?.new_value ?? null;
        return (
          <Stack key={unitId} gap="xs" component="section" aria-label={unit.name}>
            <Group justify="space-between">
              <Group gap="xs">
                <Text fw={600}>{unit.name}</Text>
                <Badge variant="light" color={now ? 'teal' : 'gray'}>
                  {t('person.privacy.consent.current')}: {consent(now)}
                </Badge>
              </Group>
              <Button
                size="xs"
                variant="light"
                color={now ? 'orange' : 'teal'}
                loading={set.isPending && set.variables.administrative_unit === unitId}
                onClick={() => set.mutate({ id: personId, administrative_unit: unitId, consent: !now })}
              >
                {now ? t('person.privacy.consent.withdraw') : t('person.privacy.consent.give')}
              </Button>
            </Group>
            <DataTable
              aria-label={`${t('person.privacy.consent.title')}: ${unit.name}`}
              withTableBorder
              records={unit.changes}
              columns={[
                { accessor: 'created_at', title: t('person.privacy.consent.when'), render: (c) => formatDateTime(c.created_at) },
                {
                  accessor: 'new_value',
                  title: t('person.privacy.consent.change'),
                  render: (c) => (c.old_value === null ? consent(c.new_value) : `${consent(c.old_value)} → ${consent(c.new_value)}`),
                },
                { accessor: 'source', title: t('person.privacy.consent.how'), render: (c) => t(`person.privacy.consent.sources.${c.source}`) },
                { accessor: 'actor_name', title: t('person.privacy.consent.who'), render: (c) => c.actor_name || (c.actor ? `#${c.actor}` : '—') },
              ]}
            />
          </Stack>
        );
      })}
    </Section>
  );
}

/** Who read, exported or erased the person: the access log, newest first, paged. */
function AccessSection({ personId }: { personId: number }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const [page, setPage] = useState(1);
  const log = useQuery({
    ...trpc.admin.profiles.accessLog.queryOptions({ id: personId, page, page_size: PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });
  const action = (a: string) => (['view', 'export', 'erase'].includes(a) ? t(`person.privacy.access.actions.${a as 'view'}`) : a);
  return (
    <Section title={t('person.privacy.access.title')} help={t('person.privacy.access.help')}>
      {log.isError ? (
        <ErrorState error={log.error} onRetry={() => void log.refetch()} />
      ) : (
        <DataTable
          aria-label={t('person.privacy.access.title')}
          withTableBorder
          minHeight={log.data?.count ? undefined : 120}
          fetching={log.isFetching}
          records={log.data?.results ?? []}
          totalRecords={log.data?.count ?? 0}
          recordsPerPage={PAGE_SIZE}
          page={page}
          onPageChange={setPage}
          paginationText={({ from, to, totalRecords }) => t('common.records', { from, to, total: totalRecords })}
          noRecordsText={t('person.privacy.access.none')}
          columns={[
            { accessor: 'created_at', title: t('person.privacy.access.when'), render: (r) => formatDateTime(r.created_at) },
            { accessor: 'actor_name', title: t('person.privacy.access.who'), render: (r) => r.actor_name || (r.actor ? `#${r.actor}` : '—') },
            { accessor: 'action', title: t('person.privacy.access.what'), render: (r) => action(r.action) },
            { accessor: 'actor_kind', title: t('person.privacy.access.how') },
          ]}
        />
      )}
    </Section>
  );
}

function EraseSection({ personId, name }: { personId: number; name: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <Section title={t('person.privacy.erase.title')} help={t('person.privacy.erase.help')}>
      <Group>
        <Button color="red" variant="light" leftSection={<IconTrash size={16} aria-hidden />} onClick={() => setOpen(true)}>
          {t('person.privacy.erase.open')}
        </Button>
      </Group>
      {open && <EraseModal personId={personId} name={name} onClose={() => setOpen(false)} />}
    </Section>
  );
}

/**
 * Data protection of the person (issue 22, docs/data-protection.md): the export of everything
 * stored about them, their consent history per unit, who looked at them, and their erasure.
 */
export function DataProtectionTab({ personId, name }: { personId: number; name: string }) {
  const { t } = useTranslation();
  return (
    <Stack>
      <Text size="sm">{t('person.privacy.intro')}</Text>
      <ExportSection personId={personId} />
      <ConsentSection personId={personId} />
      <AccessSection personId={personId} />
      <EraseSection personId={personId} name={name} />
    </Stack>
  );
}

import { SimpleGrid, Stack, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { DataTable } from 'mantine-datatable';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../../../api/trpc.js';
import { ErrorState } from '../../../components/states.js';
import { formatDateTime } from '../../../format.js';

/** Events the person organises (organisation team) and the interactions they had at events (sign-ups, attendance). */
export function EventsTab({ personId }: { personId: number }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const team = useQuery(trpc.admin.organizationTeam.list.queryOptions({ profile: personId, page_size: 100 }));
  const interactions = useQuery(
    trpc.admin.interactions.list.queryOptions({ user: personId, ordering: '-date_from', page_size: 100 }),
  );
  if (team.isError) return <ErrorState error={team.error} />;
  if (interactions.isError) return <ErrorState error={interactions.error} />;
  const atEvents = (interactions.data?.results ?? []).filter((i) => i.event !== null);
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }}>
      <Stack gap="xs">
        <Title order={3} size="h5">
          {t('person.eventsTeam')}
        </Title>
        <DataTable
          withTableBorder
          minHeight={team.data?.count ? undefined : 120}
          fetching={team.isPending}
          records={team.data?.results ?? []}
          noRecordsText={t('person.noEvents')}
          columns={[
            { accessor: 'event', title: t('person.event'), render: (r) => `#${r.event}` },
            { accessor: 'position', title: t('person.position'), render: (r) => (r.position ? `#${r.position}` : '—') },
          ]}
        />
      </Stack>
      <Stack gap="xs">
        <Title order={3} size="h5">
          {t('person.eventsAttended')}
        </Title>
        <DataTable
          withTableBorder
          minHeight={atEvents.length ? undefined : 120}
          fetching={interactions.isPending}
          records={atEvents}
          noRecordsText={t('person.noEvents')}
          columns={[
            { accessor: 'event', title: t('person.event'), render: (r) => `#${r.event}` },
            { accessor: 'subject', title: t('person.interaction.subject') },
            { accessor: 'date_from', title: t('person.date'), render: (r) => formatDateTime(r.date_from) },
          ]}
        />
      </Stack>
    </SimpleGrid>
  );
}

import { Anchor, Group, Stack, Tabs, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createLazyRoute, Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../../api/trpc.js';
import { ErrorState, PageLoader } from '../../components/states.js';
import { AttendeesPanel } from './attendees-panel.js';
import { EventForm } from './event-form.js';
import { TeamPanel } from './team-panel.js';

export const Route = createLazyRoute('/staff/events/$eventId')({ component: EventPage });

function EventPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { eventId } = Route.useParams();
  const { tab = 'details' } = Route.useSearch();
  const navigate = Route.useNavigate();
  const event = useQuery(trpc.admin.events.retrieve.queryOptions({ id: eventId }));
  const save = useMutation(
    trpc.admin.events.partialUpdate.mutationOptions({
      onSuccess: async (saved) => {
        queryClient.setQueryData(trpc.admin.events.retrieve.queryKey({ id: eventId }), saved);
        await queryClient.invalidateQueries({ queryKey: trpc.admin.events.list.queryKey() });
        notifications.show({ message: t('common.saved') });
      },
    }),
  );
  if (event.error) return <ErrorState error={event.error} onRetry={() => void event.refetch()} />;
  if (!event.data) return <PageLoader />;
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{event.data.name}</Title>
        <Anchor component={Link} to="/events">
          {t('common.back')}
        </Anchor>
      </Group>
      <Tabs value={tab} onChange={(v) => void navigate({ search: { tab: (v ?? 'details') as typeof tab } })} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="details">{t('events.details')}</Tabs.Tab>
          <Tabs.Tab value="team">{t('events.team')}</Tabs.Tab>
          <Tabs.Tab value="attendees">{t('events.attendees')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="details" pt="md">
          <EventForm key={event.data.id} event={event.data} onSubmit={(f) => save.mutate({ id: eventId, ...f })} pending={save.isPending} error={save.error} />
        </Tabs.Panel>
        <Tabs.Panel value="team" pt="md">
          <TeamPanel eventId={eventId} />
        </Tabs.Panel>
        <Tabs.Panel value="attendees" pt="md">
          <AttendeesPanel event={event.data} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

import { Stack, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { createLazyRoute, useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../../api/trpc.js';
import { EventForm } from './event-form.js';

export const Route = createLazyRoute('/staff/events/new')({ component: NewEventPage });

function NewEventPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const create = useMutation(
    trpc.admin.events.create.mutationOptions({
      onSuccess: async (event) => {
        await queryClient.invalidateQueries({ queryKey: trpc.admin.events.list.queryKey() });
        await navigate({ to: '/events/$eventId', params: { eventId: event.id }, search: { tab: 'team' } });
      },
    }),
  );
  return (
    <Stack>
      <Title order={2}>{t('events.new')}</Title>
      <EventForm onSubmit={(f) => create.mutate(f)} pending={create.isPending} error={create.error} />
    </Stack>
  );
}

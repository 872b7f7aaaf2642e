import { Alert, Button, Group, Paper, Select, Stack, Text, Textarea, TextInput, Timeline, Title } from '@mantine/core';
import { DateTimePicker } from '@mantine/dates';
import { notifications } from '@mantine/notifications';
import { IconMessage } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formErrorOf } from '../../../api/field-errors.js';
import { useTRPC } from '../../../api/trpc.js';
import { EmptyState, ErrorState, PageLoader } from '../../../components/states.js';
import { useUnits } from '../../../components/unit-select.js';
import { useApiForm } from '../../../components/use-api-form.js';
import { formatDateTime } from '../../../format.js';

const FIELDS = ['type', 'administrative_unit', 'subject', 'date_from', 'summary'];

function AddInteraction({ personId, units }: { personId: number; units: number[] }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const types = useQuery(trpc.admin.interactionTypes.list.queryOptions({ page_size: 100 }));
  const allUnits = useUnits();
  const create = useMutation(
    trpc.admin.interactions.create.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.admin.interactions.list.pathKey() });
        notifications.show({ color: 'teal', message: t('person.interaction.added') });
        form.reset();
      },
    }),
  );
  const empty = {
    type: '',
    administrative_unit: units[0] ? String(units[0]) : '',
    subject: '',
    date_from: new Date().toISOString(),
    summary: '',
  };
  const form = useApiForm(empty, create.error);
  const submit = form.onSubmit((v) =>
    create.mutate({
      user: personId,
      type: v.type,
      administrative_unit: v.administrative_unit,
      subject: v.subject,
      summary: v.summary,
      date_from: new Date(v.date_from).toISOString(),
    }),
  );
  return (
    <Paper withBorder p="md">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Title order={3} size="h5">
            {t('person.interaction.add')}
          </Title>
          {create.error && formErrorOf(create.error, FIELDS) && (
            <Alert color="red" role="alert">
              {formErrorOf(create.error, FIELDS)}
            </Alert>
          )}
          <Group grow align="flex-start">
            <Select
              label={t('person.interaction.type')}
              data={(types.data?.results ?? []).map((it) => ({ value: String(it.id), label: it.name }))}
              {...form.getInputProps('type')}
              name="type"
            />
            <Select
              label={t('people.unit')}
              data={(allUnits.data?.results ?? []).map((u) => ({ value: String(u.id), label: u.name }))}
              {...form.getInputProps('administrative_unit')}
              name="administrative_unit"
            />
            <DateTimePicker
              label={t('person.interaction.date')}
              valueFormat="D. M. YYYY HH:mm"
              {...form.getInputProps('date_from')}
              name="date_from"
            />
          </Group>
          <TextInput label={t('person.interaction.subject')} {...form.getInputProps('subject')} name="subject" />
          <Textarea
            label={t('person.interaction.summary')}
            autosize
            minRows={2}
            {...form.getInputProps('summary')}
            name="summary"
          />
          <Group>
            <Button type="submit" loading={create.isPending}>
              {t('common.add')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

/** The person's interactions as a timeline, newest first, and a form to add one. */
export function InteractionsTab({ personId, units }: { personId: number; units: number[] }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const interactions = useQuery(
    trpc.admin.interactions.list.queryOptions({ user: personId, ordering: '-date_from', page_size: 100 }),
  );
  return (
    <Stack>
      <AddInteraction personId={personId} units={units} />
      {interactions.isPending ? (
        <PageLoader />
      ) : interactions.isError ? (
        <ErrorState error={interactions.error} />
      ) : interactions.data.results.length === 0 ? (
        <EmptyState>{t('person.interaction.none')}</EmptyState>
      ) : (
        <Timeline bulletSize={22} lineWidth={2}>
          {interactions.data.results.map((i) => (
            <Timeline.Item key={i.id} bullet={<IconMessage size={12} aria-hidden />} title={i.subject}>
              <Text size="xs" c="dimmed">
                {formatDateTime(i.date_from)}
              </Text>
              {i.summary && <Text size="sm">{i.summary}</Text>}
            </Timeline.Item>
          ))}
        </Timeline>
      )}
    </Stack>
  );
}

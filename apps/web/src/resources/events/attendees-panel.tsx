import { Button, Group, Select, Stack, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RouterOutputs } from '@klub/api/router';
import { fieldErrorsOf, formErrorOf } from '../../api/field-errors.js';
import { useTRPC } from '../../api/trpc.js';
import { ProfilePicker } from '../../components/profile-picker.js';
import { ResourceList } from '../../components/resource-list.js';
import { formatDateTime } from '../../format.js';
import { attendeesCsv, downloadCsv } from './attendees-csv.js';

type Event = RouterOutputs['admin']['events']['retrieve'];

/** The built-in interaction types of an event's attendees (packages/db builtins). */
const ATTENDEE_TYPES = ['event_registration', 'event_attendance'];

/** Registrations and attendance of an event (interactions of those types), add one, export as CSV. */
export function AttendeesPanel({ event }: { event: Event }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [page, setPage] = useState(1);
  const types = useQuery(trpc.admin.interactionTypes.list.queryOptions({ search: 'event_', page_size: '50' }));
  const attendeeTypes = (types.data?.results ?? []).filter((ty) => ty.slug !== null && ATTENDEE_TYPES.includes(ty.slug));
  const typeName = (id: number) => attendeeTypes.find((ty) => ty.id === id)?.name ?? `#${id}`;
  const [person, setPerson] = useState<number | null>(null);
  const [type, setType] = useState<string | null>(null);
  const add = useMutation(
    trpc.admin.interactions.create.mutationOptions({
      onSuccess: async () => {
        setPerson(null);
        await queryClient.invalidateQueries({ queryKey: trpc.admin.interactions.list.queryKey() });
      },
    }),
  );
  const exportCsv = useMutation({
    mutationFn: async () => {
      const all = await queryClient.fetchQuery(trpc.admin.interactions.list.queryOptions({ event: String(event.id), page_size: '1000', ordering: 'date_from' }));
      // The people in reads of up to 200 ids (one SQL statement each), not one read a person.
      const ids = [...new Set(all.results.map((i) => i.user))];
      const chunks = Array.from({ length: Math.ceil(ids.length / 200) }, (_, i) => ids.slice(i * 200, i * 200 + 200));
      const people = (await Promise.all(chunks.map((id) => queryClient.fetchQuery(trpc.admin.people.names.queryOptions({ id }))))).flat();
      downloadCsv(`${event.slug || event.id}-attendees.csv`, attendeesCsv(all.results, people, typeName));
    },
  });
  const errors = fieldErrorsOf(add.error);
  const chosen = attendeeTypes.find((ty) => String(ty.id) === type);
  return (
    <Stack>
      <Group justify="flex-end">
        <Button variant="light" onClick={() => exportCsv.mutate()} loading={exportCsv.isPending}>
          {t('events.exportCsv')}
        </Button>
      </Group>
      <ResourceList
        search={{ page }}
        onSearch={(patch) => setPage(patch.page ?? 1)}
        query={(window) => trpc.admin.interactions.list.queryOptions({ ...window, event: String(event.id), ordering: '-date_from' })}
        noRecordsText={t('events.noAttendees')}
        aria-label={t('events.attendees')}
        people={(i) => [i.user]}
        columns={(nameOf) => [
          { accessor: 'user', title: t('events.attendee'), render: (i) => nameOf(i.user) },
          { accessor: 'type', title: t('events.attendance'), render: (i) => typeName(i.type) },
          { accessor: 'date_from', title: t('statements.date'), render: (i) => formatDateTime(i.date_from) },
        ]}
      />
      <form
        onSubmit={(e) => {
          e.preventDefault();
          add.mutate({
            user: person as number,
            type: chosen?.id as number,
            event: event.id,
            administrative_unit: event.administrative_units[0] as number,
            subject: chosen?.name ?? '',
            date_from: new Date().toISOString(),
          });
        }}
      >
        <Group align="flex-start">
          <ProfilePicker label={t('events.attendee')} value={person} onChange={setPerson} error={errors.user?.join(' ')} />
          <Select
            label={t('events.attendance')}
            data={attendeeTypes.map((ty) => ({ value: String(ty.id), label: ty.name }))}
            value={type}
            onChange={setType}
            error={errors.type?.join(' ')}
          />
          <Button type="submit" mt={25} loading={add.isPending}>
            {t('events.addAttendee')}
          </Button>
        </Group>
        {formErrorOf(add.error, ['user', 'type']) && (
          <Text c="red" size="sm" role="alert">
            {formErrorOf(add.error, ['user', 'type'])}
          </Text>
        )}
      </form>
    </Stack>
  );
}

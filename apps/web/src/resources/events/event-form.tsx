import { Button, Checkbox, Group, MultiSelect, NumberInput, Select, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RouterOutputs } from '@klub/api/router';
import { fieldErrorsOf, formErrorOf } from '../../api/field-errors.js';
import { useTRPC } from '../../api/trpc.js';
import { TIME_ZONE } from '../../format.js';

type Event = RouterOutputs['admin']['events']['retrieve'];

export interface EventFields {
  name: string;
  administrative_units: number[];
  event_type: number | null;
  datetime_from: string | null;
  datetime_to: string | null;
  variable_symbol_prefix: number | null;
  public_on_web: boolean;
  description: string;
}

const FIELDS = ['name', 'administrative_units', 'event_type', 'datetime_from', 'datetime_to', 'variable_symbol_prefix', 'public_on_web', 'description'];

/** An API date-time shown in a `datetime-local` input, in the organisation's time zone. */
function toInput(value: string | null | undefined): string {
  if (!value) return '';
  return new Intl.DateTimeFormat('sv-SE', { timeZone: TIME_ZONE, dateStyle: 'short', timeStyle: 'short' }).format(new Date(value)).replace(' ', 'T');
}

export function EventForm({ event, onSubmit, pending, error }: { event?: Event; onSubmit: (fields: EventFields) => void; pending: boolean; error: unknown }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const units = useQuery(trpc.admin.administrativeUnits.list.queryOptions({ page_size: '100' }));
  const types = useQuery(trpc.admin.eventTypes.list.queryOptions({ page_size: '100' }));
  const [f, setF] = useState<EventFields>({
    name: event?.name ?? '',
    administrative_units: event?.administrative_units ?? [],
    event_type: event?.event_type ?? null,
    datetime_from: toInput(event?.datetime_from) || null,
    datetime_to: toInput(event?.datetime_to) || null,
    variable_symbol_prefix: event?.variable_symbol_prefix ?? null,
    public_on_web: event?.public_on_web ?? false,
    description: event?.description ?? '',
  });
  const set = (patch: Partial<EventFields>) => setF((prev) => ({ ...prev, ...patch }));
  const errors = fieldErrorsOf(error);
  const err = (k: string) => errors[k]?.join(' ');
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit(f);
      }}
    >
      <Stack maw={760}>
        <TextInput label={t('events.name')} required value={f.name} onChange={(e) => set({ name: e.currentTarget.value })} error={err('name')} />
        <MultiSelect
          label={t('events.units')}
          required
          data={(units.data?.results ?? []).map((u) => ({ value: String(u.id), label: u.name }))}
          value={f.administrative_units.map(String)}
          onChange={(v) => set({ administrative_units: v.map(Number) })}
          error={err('administrative_units')}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={t('events.type')}
            clearable
            data={(types.data?.results ?? []).map((ty) => ({ value: String(ty.id), label: ty.name }))}
            value={f.event_type === null ? null : String(f.event_type)}
            onChange={(v) => set({ event_type: v === null ? null : Number(v) })}
            error={err('event_type')}
          />
          <NumberInput
            label={t('events.vsPrefix')}
            value={f.variable_symbol_prefix ?? ''}
            onChange={(v) => set({ variable_symbol_prefix: typeof v === 'number' ? v : null })}
            error={err('variable_symbol_prefix')}
          />
          <TextInput type="datetime-local" label={t('events.from')} value={f.datetime_from ?? ''} onChange={(e) => set({ datetime_from: e.currentTarget.value || null })} error={err('datetime_from')} />
          <TextInput type="datetime-local" label={t('events.to')} value={f.datetime_to ?? ''} onChange={(e) => set({ datetime_to: e.currentTarget.value || null })} error={err('datetime_to')} />
        </SimpleGrid>
        <Textarea label={t('events.description')} autosize minRows={3} value={f.description} onChange={(e) => set({ description: e.currentTarget.value })} error={err('description')} />
        <Checkbox label={t('events.publicOnWeb')} checked={f.public_on_web} onChange={(e) => set({ public_on_web: e.currentTarget.checked })} error={err('public_on_web')} />
        {formErrorOf(error, FIELDS) && (
          <Text c="red" size="sm" role="alert">
            {formErrorOf(error, FIELDS)}
          </Text>
        )}
        <Group>
          <Button type="submit" loading={pending}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

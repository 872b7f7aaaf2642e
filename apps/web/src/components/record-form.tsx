import { Button, Checkbox, Group, Modal, NumberInput, Select, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formErrorOf } from '../api/field-errors.js';
import { changedValues, useApiForm } from './use-api-form.js';

/** One field of a configuration record's form, named as the API names it. */
export interface FieldSpec {
  name: string;
  label: string;
  kind?: 'text' | 'textarea' | 'number' | 'select' | 'checkbox';
  /** The choices of a `select`; ids of other records are given as strings. */
  data?: Array<{ value: string; label: string }>;
  /** A `select` of ids: the API takes a number. */
  numeric?: boolean;
  required?: boolean;
  description?: string;
}

/** A write of the form's values (a tRPC mutation); method syntax, so any input type fits. */
export interface Save {
  mutateAsync(input: never): Promise<unknown>;
  error: unknown;
  isPending: boolean;
  reset(): void;
}

type Values = Record<string, string | number | boolean | null>;

/** The value a form field starts with: what the record has, else what an empty field means. */
function initialOf(spec: FieldSpec, record: Record<string, unknown> | null): string | number | boolean | null {
  const v = record?.[spec.name];
  if (spec.kind === 'checkbox') return v === undefined || v === null ? false : Boolean(v);
  if (spec.kind === 'select') return typeof v === 'string' || typeof v === 'number' ? String(v) : null;
  if (spec.kind === 'number') return typeof v === 'number' ? v : null;
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
}

/** What the API takes: ids as numbers, a cleared number as null. */
function apiValue(spec: FieldSpec | undefined, v: unknown): unknown {
  if (spec?.kind === 'select' && spec.numeric) return v === null || v === '' ? null : Number(v);
  if (spec?.kind === 'number') return v === '' || v === undefined ? null : v;
  return v;
}

/**
 * Create or edit one configuration record (a unit, an account, a type) in a dialog. The API is
 * the one judge: its field errors appear under their fields (the first gets the focus), any
 * other error above the buttons. Editing sends only what changed.
 */
export function RecordFormModal({
  title,
  fields,
  record,
  create,
  update,
  onClose,
}: {
  title: string;
  fields: FieldSpec[];
  /** The record being edited; null: a new one. */
  record: ({ id: number } & Record<string, unknown>) | null;
  create: Save;
  update: Save;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const save = record ? update : create;
  const initial: Values = Object.fromEntries(fields.map((f) => [f.name, initialOf(f, record)]));
  const form = useApiForm<Values>(initial, save.error);
  const submit = async (values: Values) => {
    // A new record gets what was filled in; an edit, what changed (a cleared field that was null goes back to null).
    const sent = record ? changedValues(form, initial) : Object.fromEntries(Object.entries(values).filter(([, v]) => v !== '' && v !== null));
    const body = Object.fromEntries(
      Object.entries(sent).map(([k, v]) => [k, v === '' && record?.[k] === null ? null : apiValue(fields.find((f) => f.name === k), v)]),
    );
    try {
      await save.mutateAsync((record ? { id: record.id, ...body } : body) as never);
    } catch {
      return; // the API's errors are on the form now
    }
    notifications.show({ message: t('common.saved') });
    await queryClient.invalidateQueries();
    close();
  };
  const close = () => {
    create.reset();
    update.reset();
    onClose();
  };
  const general = formErrorOf(save.error, fields.map((f) => f.name));
  return (
    <Modal opened onClose={close} title={title} size="lg">
      <form onSubmit={form.onSubmit((values) => void submit(values))} noValidate>
        <Stack>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {fields.map((f) => {
              const props = { label: f.label, description: f.description, required: f.required, name: f.name };
              const key = form.key(f.name);
              if (f.kind === 'checkbox') return <Checkbox mt="md" key={key} {...props} {...form.getInputProps(f.name, { type: 'checkbox' })} />;
              if (f.kind === 'select') return <Select searchable key={key} clearable={!f.required} data={f.data ?? []} {...props} {...form.getInputProps(f.name)} />;
              if (f.kind === 'number') return <NumberInput key={key} {...props} {...form.getInputProps(f.name)} />;
              if (f.kind === 'textarea') return <Textarea autosize key={key} minRows={2} {...props} {...form.getInputProps(f.name)} />;
              return <TextInput key={key} {...props} {...form.getInputProps(f.name)} />;
            })}
          </SimpleGrid>
          {general && (
            <Text c="red" size="sm" role="alert">
              {general}
            </Text>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {record ? t('common.save') : t('common.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

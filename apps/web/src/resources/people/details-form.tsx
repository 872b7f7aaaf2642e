import {
  Alert,
  Button,
  Group,
  MultiSelect,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Textarea,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { RouterOutputs } from '@klub/api/router';
import { formErrorOf } from '../../api/field-errors.js';
import { useTRPC } from '../../api/trpc.js';
import { changedValues, useApiForm } from '../../components/use-api-form.js';
import { useUnits } from '../../components/unit-select.js';

type Profile = RouterOutputs['admin']['profiles']['retrieve'];

const TEXT_FIELDS = [
  'title_before',
  'first_name',
  'last_name',
  'title_after',
  'nickname',
  'email',
  'telephone',
  'street',
  'city',
  'zip_code',
  'country',
] as const;

function initialOf(p: Profile) {
  return {
    title_before: p.title_before ?? '',
    first_name: p.first_name,
    last_name: p.last_name,
    title_after: p.title_after ?? '',
    nickname: p.nickname,
    email: p.email ?? '',
    telephone: p.telephone ?? '',
    street: p.street,
    city: p.city,
    zip_code: p.zip_code,
    country: p.country,
    sex: p.sex as string,
    language: p.language as string,
    age_group: p.age_group,
    administrative_units: p.administrative_units.map(String),
    note: p.note,
  };
}

/** The person's own details, edited with `admin.profiles.partialUpdate`; only changed fields are sent. */
export function DetailsForm({ profile }: { profile: Profile }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const units = useUnits();
  const initial = useMemo(() => initialOf(profile), [profile]);
  const save = useMutation(
    trpc.admin.profiles.partialUpdate.mutationOptions({
      onSuccess: async (saved) => {
        queryClient.setQueryData(trpc.admin.profiles.retrieve.queryKey({ id: saved.id }), saved);
        await queryClient.invalidateQueries({ queryKey: trpc.admin.people.list.pathKey() });
        notifications.show({ color: 'teal', message: t('common.saved') });
      },
    }),
  );
  const form = useApiForm(initial, save.error);

  const submit = form.onSubmit(() => {
    const changed = changedValues(form, initial);
    const body: Record<string, unknown> = { ...changed };
    for (const key of ['title_before', 'title_after', 'email', 'telephone'] as const) {
      if (key in body && body[key] === '') body[key] = null;
    }
    if (body.age_group === '') body.age_group = null;
    if ('administrative_units' in changed) body.administrative_units = changed.administrative_units!.map(Number);
    save.mutate({ id: profile.id, ...body });
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack maw={900}>
        {save.error && formErrorOf(save.error, Object.keys(initial)) && (
          <Alert color="red" role="alert">
            {formErrorOf(save.error, Object.keys(initial))}
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
          {TEXT_FIELDS.map((name) => (
            <TextInput key={name} label={t(`person.fields.${name}`)} {...form.getInputProps(name)} name={name} />
          ))}
          <Select
            label={t('person.fields.sex')}
            data={(['unknown', 'female', 'male'] as const).map((v) => ({ value: v, label: t(`person.sex.${v}`) }))}
            allowDeselect={false}
            {...form.getInputProps('sex')}
            name="sex"
          />
          <Select
            label={t('person.fields.language')}
            data={[
              { value: 'cs', label: 'Čeština' },
              { value: 'en', label: 'English' },
            ]}
            allowDeselect={false}
            {...form.getInputProps('language')}
            name="language"
          />
          <NumberInput
            label={t('person.fields.age_group')}
            allowDecimal={false}
            {...form.getInputProps('age_group')}
            name="age_group"
          />
        </SimpleGrid>
        <MultiSelect
          label={t('person.fields.administrative_units')}
          data={(units.data?.results ?? []).map((u) => ({ value: String(u.id), label: u.name }))}
          {...form.getInputProps('administrative_units')}
          name="administrative_units"
        />
        <Textarea label={t('person.fields.note')} autosize minRows={2} {...form.getInputProps('note')} name="note" />
        <Group>
          <Button type="submit" loading={save.isPending} disabled={!form.isDirty()}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

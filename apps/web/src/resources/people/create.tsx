import { Alert, Button, Group, MultiSelect, SimpleGrid, Stack, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { createLazyRoute, useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { formErrorOf } from '../../api/field-errors.js';
import { useTRPC } from '../../api/trpc.js';
import { useUnits } from '../../components/unit-select.js';
import { useApiForm } from '../../components/use-api-form.js';

const FIELDS = ['first_name', 'last_name', 'email', 'telephone'] as const;
const EMPTY = { first_name: '', last_name: '', email: '', telephone: '', administrative_units: [] as string[] };

/** A new person (`admin.profiles.create`, kind user); the API generates the username from the e-mail. */
function PersonCreatePage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const units = useUnits();
  const create = useMutation(
    trpc.admin.profiles.create.mutationOptions({
      onSuccess: async (person) => {
        await queryClient.invalidateQueries({ queryKey: trpc.admin.people.list.pathKey() });
        notifications.show({ color: 'teal', message: t('person.created') });
        await navigate({ to: '/people/$personId', params: { personId: person.id } });
      },
    }),
  );
  const form = useApiForm(EMPTY, create.error);
  const submit = form.onSubmit((v) =>
    create.mutate({
      kind: 'user',
      username: null,
      password: null,
      first_name: v.first_name,
      last_name: v.last_name,
      email: v.email || null,
      telephone: v.telephone || null,
      administrative_units: v.administrative_units.map(Number),
    }),
  );
  return (
    <Stack maw={700}>
      <Title order={2}>{t('people.new')}</Title>
      <form onSubmit={submit} noValidate>
        <Stack>
          {create.error && formErrorOf(create.error, Object.keys(EMPTY)) && (
            <Alert color="red" role="alert">
              {formErrorOf(create.error, Object.keys(EMPTY))}
            </Alert>
          )}
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {FIELDS.map((name) => (
              <TextInput key={name} label={t(`person.fields.${name}`)} {...form.getInputProps(name)} name={name} />
            ))}
          </SimpleGrid>
          <MultiSelect
            label={t('person.fields.administrative_units')}
            data={(units.data?.results ?? []).map((u) => ({ value: String(u.id), label: u.name }))}
            {...form.getInputProps('administrative_units')}
            name="administrative_units"
          />
          <Group>
            <Button type="submit" loading={create.isPending}>
              {t('common.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}

export const Route = createLazyRoute('/staff/people/new')({ component: PersonCreatePage });

import { Button, Group, Select, Stack, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { DataTable } from 'mantine-datatable';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrorsOf, formErrorOf } from '../../api/field-errors.js';
import { useTRPC } from '../../api/trpc.js';
import { usePersonNames } from '../../components/person-names.js';
import { ProfilePicker } from '../../components/profile-picker.js';
import { ErrorState } from '../../components/states.js';

/** The organisation team of an event: who, in which position; add and remove. */
export function TeamPanel({ eventId }: { eventId: number }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const team = useQuery(trpc.admin.organizationTeam.list.queryOptions({ event: String(eventId), page_size: '100' }));
  const positions = useQuery(trpc.admin.organizationPositions.list.queryOptions({ page_size: '100' }));
  const nameOf = usePersonNames((team.data?.results ?? []).map((m) => m.profile));
  const positionName = (id: number) => positions.data?.results.find((p) => p.id === id)?.name ?? `#${id}`;
  const [profile, setProfile] = useState<number | null>(null);
  const [position, setPosition] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.admin.organizationTeam.list.queryKey() });
  const add = useMutation(
    trpc.admin.organizationTeam.create.mutationOptions({
      onSuccess: async () => {
        setProfile(null);
        await refresh();
      },
    }),
  );
  const remove = useMutation(trpc.admin.organizationTeam.destroy.mutationOptions({ onSuccess: refresh }));
  const errors = fieldErrorsOf(add.error);
  return (
    <Stack>
      {team.error ? (
        <ErrorState error={team.error} onRetry={() => void team.refetch()} />
      ) : (
        <DataTable
          withTableBorder
          minHeight={120}
          fetching={team.isFetching}
          records={team.data?.results ?? []}
          noRecordsText={t('events.noTeam')}
          aria-label={t('events.team')}
          columns={[
            { accessor: 'profile', title: t('events.member'), render: (m) => nameOf(m.profile) },
            { accessor: 'position', title: t('events.position'), render: (m) => positionName(m.position) },
            {
              accessor: 'actions',
              title: '',
              textAlign: 'right',
              render: (m) => (
                <Button size="xs" variant="subtle" color="red" onClick={() => remove.mutate({ id: m.id })}>
                  {t('common.remove')}
                </Button>
              ),
            },
          ]}
        />
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          add.mutate({ event: eventId, profile: profile as number, position: Number(position) });
        }}
      >
        <Group align="flex-start">
          <ProfilePicker label={t('events.member')} value={profile} onChange={setProfile} error={errors.profile?.join(' ')} />
          <Select
            label={t('events.position')}
            data={(positions.data?.results ?? []).map((p) => ({ value: String(p.id), label: p.name }))}
            value={position}
            onChange={setPosition}
            error={errors.position?.join(' ')}
          />
          <Button type="submit" mt={25} loading={add.isPending}>
            {t('events.addMember')}
          </Button>
        </Group>
        {formErrorOf(add.error, ['profile', 'position']) && (
          <Text c="red" size="sm" role="alert">
            {formErrorOf(add.error, ['profile', 'position'])}
          </Text>
        )}
      </form>
    </Stack>
  );
}

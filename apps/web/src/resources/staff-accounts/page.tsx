import { Badge, Button, Card, Checkbox, CloseButton, Group, Select, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createLazyRoute } from '@tanstack/react-router';
import { DataTable } from 'mantine-datatable';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formErrorOf } from '../../api/field-errors.js';
import { useTRPC } from '../../api/trpc.js';
import { ProfilePicker } from '../../components/profile-picker.js';
import { ErrorState } from '../../components/states.js';
import { useUnits } from '../../components/unit-select.js';

export const Route = createLazyRoute('/staff/staff-accounts')({ component: StaffAccountsPage });

/** Issue 17 §1: who administers which units; superusers grant and revoke (each change in the audit log). */
function StaffAccountsPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const units = useUnits();
  const unitName = (id: number) => units.data?.results.find((u) => u.id === id)?.name ?? `#${id}`;
  const list = useQuery(trpc.admin.staffAccounts.list.queryOptions({ page_size: '100' }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.admin.staffAccounts.list.queryKey() });
  const grant = useMutation(trpc.admin.staffAccounts.grant.mutationOptions({ onSuccess: refresh }));
  const revoke = useMutation(trpc.admin.staffAccounts.revoke.mutationOptions({ onSuccess: refresh }));
  const [person, setPerson] = useState<number | null>(null);
  const [unit, setUnit] = useState<string | null>(null);
  const [allUnits, setAllUnits] = useState(false);
  const error = grant.error ?? revoke.error;

  return (
    <Stack>
      <Title order={2}>{t('staffAccounts.title')}</Title>
      <Text c="dimmed">{t('staffAccounts.help')}</Text>
      <Card withBorder component="section" aria-labelledby="grant-title">
        <Stack>
          <Title order={3} size="h4" id="grant-title">
            {t('staffAccounts.grantTitle')}
          </Title>
          <Group align="flex-end">
            <ProfilePicker label={t('staffAccounts.person')} value={person} onChange={setPerson} />
            <Select
              label={t('staffAccounts.unit')}
              data={(units.data?.results ?? []).map((u) => ({ value: String(u.id), label: u.name }))}
              value={unit}
              onChange={setUnit}
              disabled={allUnits}
              clearable
            />
            <Checkbox label={t('staffAccounts.allUnits')} checked={allUnits} onChange={(e) => setAllUnits(e.currentTarget.checked)} mb={8} />
            <Button
              disabled={person === null || (!allUnits && unit === null)}
              loading={grant.isPending}
              onClick={() =>
                grant.mutate({ profile: person!, ...(allUnits ? { all_units: true } : { administrative_unit: Number(unit) }) })
              }
            >
              {t('staffAccounts.grant')}
            </Button>
          </Group>
          {error && (
            <Text c="red" size="sm" role="alert">
              {formErrorOf(error, []) ?? error.message}
            </Text>
          )}
        </Stack>
      </Card>
      {list.error ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <DataTable
          withTableBorder
          minHeight={160}
          fetching={list.isFetching}
          records={list.data?.results ?? []}
          noRecordsText={t('common.empty')}
          columns={[
            { accessor: 'name', title: t('staffAccounts.person'), render: (a) => `${a.name || a.username || `#${a.id}`}${a.email ? ` <${a.email}>` : ''}` },
            { accessor: 'role', title: t('staffAccounts.role'), render: (a) => <Badge variant="light">{t(`role.${a.role}`)}</Badge> },
            {
              accessor: 'administered_units',
              title: t('staffAccounts.units'),
              render: (a) =>
                a.role === 'unit' ? (
                  <Group gap={4}>
                    {a.administered_units.length === 0 && t('staffAccounts.none')}
                    {a.administered_units.map((id) => (
                      <Badge key={id} variant="outline" rightSection={
                        <CloseButton
                          size="xs"
                          aria-label={t('staffAccounts.revokeUnit', { unit: unitName(id) })}
                          onClick={() => revoke.mutate({ profile: a.id, administrative_unit: id })}
                        />
                      }>
                        {unitName(id)}
                      </Badge>
                    ))}
                  </Group>
                ) : (
                  t('staffAccounts.allUnits')
                ),
            },
            {
              accessor: 'actions',
              title: '',
              render: (a) =>
                a.role === 'superuser' ? null : (
                  <Group gap="xs" justify="flex-end">
                    <Checkbox
                      label={t('staffAccounts.allUnits')}
                      checked={a.role === 'organisation'}
                      onChange={(e) =>
                        e.currentTarget.checked
                          ? grant.mutate({ profile: a.id, all_units: true })
                          : revoke.mutate({ profile: a.id, all_units: true })
                      }
                    />
                    <Button size="xs" variant="subtle" color="red" onClick={() => revoke.mutate({ profile: a.id })}>
                      {t('staffAccounts.end')}
                    </Button>
                  </Group>
                ),
            },
          ]}
        />
      )}
    </Stack>
  );
}

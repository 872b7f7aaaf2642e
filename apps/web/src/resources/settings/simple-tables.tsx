import { Button, Group, Stack } from '@mantine/core';
import { useMutation, useQuery, type QueryKey, type UseQueryOptions } from '@tanstack/react-query';
import type { DataTableColumn } from 'mantine-datatable';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RouterOutputs } from '@klub/api/router';
import { useTRPC } from '../../api/trpc.js';
import { RecordFormModal, type FieldSpec, type Save } from '../../components/record-form.js';
import { ResourceList, type Page, type PageWindow, type RowOf } from '../../components/resource-list.js';
import { useUnits } from '../../components/unit-select.js';

export interface PanelProps {
  page: number;
  onPage: (p: number) => void;
}

/**
 * A settings tab: the list of one configuration resource (one page from the server), a button
 * that creates one, and an edit button on each row; both open the same form.
 */
function ConfigTable<D extends Page<{ id: number }>, E, K extends QueryKey>({
  page,
  onPage,
  query,
  columns,
  fields,
  create,
  update,
  noun,
}: PanelProps & {
  query: (page: PageWindow) => UseQueryOptions<D, E, D, K>;
  columns: DataTableColumn<RowOf<D>>[];
  fields: FieldSpec[];
  create: Save;
  update: Save;
  /** What one record is called, for the buttons and the dialog. */
  noun: string;
}) {
  const { t } = useTranslation();
  type T = RowOf<D>;
  const [editing, setEditing] = useState<T | 'new' | null>(null);
  const label = (row: T) => {
    const { name, slug } = row as { name?: unknown; slug?: unknown };
    return typeof name === 'string' ? name : typeof slug === 'string' ? slug : `#${row.id}`;
  };
  return (
    <Stack>
      <Group justify="flex-end">
        <Button onClick={() => setEditing('new')}>{t('settings.newOf', { noun })}</Button>
      </Group>
      <ResourceList
        search={{ page }}
        onSearch={(patch) => onPage(patch.page ?? 1)}
        query={query}
        columns={[
          ...columns,
          {
            accessor: 'actions',
            title: '',
            textAlign: 'right',
            render: (row) => (
              <Button size="xs" variant="light" onClick={() => setEditing(row)} aria-label={t('settings.editOf', { name: label(row) })}>
                {t('common.edit')}
              </Button>
            ),
          },
        ]}
      />
      {editing && (
        <RecordFormModal
          title={editing === 'new' ? t('settings.newOf', { noun }) : t('settings.editOf', { name: label(editing) })}
          fields={fields}
          record={editing === 'new' ? null : (editing)}
          create={create}
          update={update}
          onClose={() => setEditing(null)}
        />
      )}
    </Stack>
  );
}

type Admin = RouterOutputs['admin'];
/** The API's choices, checked against its types. */
const AU_LEVEL = ['club', 'basic_section', 'regional_center', 'headquarter'] as const satisfies readonly NonNullable<Admin['administrativeUnits']['retrieve']['level']>[];
const MONEY_ACCOUNT_KIND = ['bank', 'api'] as const satisfies readonly Admin['moneyAccounts']['retrieve']['kind'][];

const choices = (values: readonly string[]) => values.map((v) => ({ value: v, label: v }));

function useUnitChoices() {
  const units = useUnits();
  return (units.data?.results ?? []).map((u) => ({ value: String(u.id), label: u.name }));
}

export function UnitsTable(props: PanelProps) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  return (
    <ConfigTable
      {...props}
      noun={t('settings.nouns.unit')}
      query={(page) => trpc.admin.administrativeUnits.list.queryOptions({ ...page, ordering: 'name' })}
      create={useMutation(trpc.admin.administrativeUnits.create.mutationOptions())}
      update={useMutation(trpc.admin.administrativeUnits.partialUpdate.mutationOptions())}
      columns={[
        { accessor: 'name', title: t('settings.name') },
        { accessor: 'level', title: t('settings.level') },
        { accessor: 'city', title: t('settings.city') },
        { accessor: 'from_email_address', title: t('settings.fromEmail') },
      ]}
      fields={[
        { name: 'name', label: t('settings.name'), required: true },
        { name: 'slug', label: t('settings.slug'), description: t('settings.slugHelp') },
        { name: 'level', label: t('settings.level'), kind: 'select', data: choices(AU_LEVEL) },
        { name: 'ico', label: t('settings.ico') },
        { name: 'street', label: t('settings.street') },
        { name: 'city', label: t('settings.city') },
        { name: 'zip_code', label: t('settings.zip') },
        { name: 'telephone', label: t('settings.telephone') },
        { name: 'web_url', label: t('settings.web') },
        { name: 'from_email_address', label: t('settings.fromEmail') },
        { name: 'from_email_str', label: t('settings.fromHeader') },
        { name: 'color', label: t('settings.color') },
      ]}
    />
  );
}

export function AccountsTable(props: PanelProps) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const units = useUnitChoices();
  const unitName = (id: number) => units.find((u) => u.value === String(id))?.label ?? `#${id}`;
  return (
    <ConfigTable
      {...props}
      noun={t('settings.nouns.account')}
      query={(page) => trpc.admin.moneyAccounts.list.queryOptions({ ...page, ordering: 'slug' })}
      create={useMutation(trpc.admin.moneyAccounts.create.mutationOptions())}
      update={useMutation(trpc.admin.moneyAccounts.partialUpdate.mutationOptions())}
      columns={[
        { accessor: 'slug', title: t('settings.slug') },
        { accessor: 'kind', title: t('settings.kind') },
        { accessor: 'bank_account_number', title: t('settings.accountNumber') },
        { accessor: 'project_name', title: t('settings.project') },
        { accessor: 'administrative_unit', title: t('statements.unit'), render: (a) => unitName(a.administrative_unit) },
      ]}
      fields={[
        { name: 'kind', label: t('settings.kind'), kind: 'select', data: choices(MONEY_ACCOUNT_KIND), required: true },
        { name: 'administrative_unit', label: t('statements.unit'), kind: 'select', numeric: true, data: units, required: true },
        { name: 'slug', label: t('settings.slug') },
        { name: 'bank_account_number', label: t('settings.accountNumber'), description: t('settings.accountNumberHelp') },
        { name: 'bank_account', label: t('settings.accountLabel') },
        { name: 'project_name', label: t('settings.project') },
        { name: 'event', label: t('settings.projectEvent'), kind: 'number' },
        { name: 'note', label: t('settings.note'), kind: 'textarea' },
      ]}
    />
  );
}

export function EventTypesTable(props: PanelProps) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const units = useUnitChoices();
  return (
    <ConfigTable
      {...props}
      noun={t('settings.nouns.eventType')}
      query={(page) => trpc.admin.eventTypes.list.queryOptions({ ...page, ordering: 'name' })}
      create={useMutation(trpc.admin.eventTypes.create.mutationOptions())}
      update={useMutation(trpc.admin.eventTypes.partialUpdate.mutationOptions())}
      columns={[
        { accessor: 'name', title: t('settings.name') },
        { accessor: 'slug', title: t('settings.slug') },
        { accessor: 'description', title: t('events.description') },
      ]}
      fields={[
        { name: 'name', label: t('settings.name'), required: true },
        { name: 'slug', label: t('settings.slug'), description: t('settings.slugHelp') },
        { name: 'administrative_unit', label: t('statements.unit'), kind: 'select', numeric: true, data: units, required: true },
        { name: 'description', label: t('events.description'), kind: 'textarea' },
      ]}
    />
  );
}

export function InteractionTypesTable(props: PanelProps) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const categories = useQuery(trpc.admin.interactionCategories.list.queryOptions({ page_size: '100' }, { staleTime: 60_000 }));
  return (
    <ConfigTable
      {...props}
      noun={t('settings.nouns.interactionType')}
      query={(page) => trpc.admin.interactionTypes.list.queryOptions({ ...page, ordering: 'name' })}
      create={useMutation(trpc.admin.interactionTypes.create.mutationOptions())}
      update={useMutation(trpc.admin.interactionTypes.partialUpdate.mutationOptions())}
      columns={[
        { accessor: 'name', title: t('settings.name') },
        { accessor: 'slug', title: t('settings.slug') },
        { accessor: 'send_email', title: t('settings.sendEmail'), render: (x) => (x.send_email ? t('common.yes') : t('common.no')) },
      ]}
      fields={[
        { name: 'name', label: t('settings.name'), required: true },
        { name: 'slug', label: t('settings.slug'), description: t('settings.slugHelp') },
        {
          name: 'category',
          label: t('settings.category'),
          kind: 'select',
          numeric: true,
          required: true,
          data: (categories.data?.results ?? []).map((c) => ({ value: String(c.id), label: c.category })),
        },
        { name: 'send_email', label: t('settings.sendEmail'), kind: 'checkbox' },
      ]}
    />
  );
}

import { Select } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../api/trpc.js';

/** The administrative units, for filters and forms (an organisation has a handful). */
export function useUnits() {
  const trpc = useTRPC();
  return useQuery(
    trpc.admin.administrativeUnits.list.queryOptions({ page_size: 100, ordering: 'name' }, { staleTime: 5 * 60_000 }),
  );
}

export function UnitSelect({
  label,
  value,
  onChange,
}: {
  label: string;
  value: number | undefined;
  onChange: (value: number | undefined) => void;
}) {
  const { t } = useTranslation();
  const units = useUnits();
  return (
    <Select
      label={label}
      placeholder={t('common.any')}
      value={value === undefined ? null : String(value)}
      onChange={(v) => onChange(v ? Number(v) : undefined)}
      data={(units.data?.results ?? []).map((u) => ({ value: String(u.id), label: u.name }))}
      clearable
      searchable
      w={200}
    />
  );
}

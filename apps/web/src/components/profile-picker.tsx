import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '../api/trpc.js';

/** Choose a person by name, e-mail or username (the admin profile search). */
export function ProfilePicker({ label, value, onChange, error }: { label: string; value: number | null; onChange: (id: number | null) => void; error?: string }) {
  const trpc = useTRPC();
  const [text, setText] = useState('');
  const [search] = useDebouncedValue(text, 250);
  const found = useQuery({ ...trpc.admin.profiles.list.queryOptions({ search, page_size: '15' }), placeholderData: keepPreviousData });
  const options = (found.data?.results ?? []).map((p) => ({
    value: String(p.id),
    label: `${[p.first_name, p.last_name].filter(Boolean).join(' ') || p.username || `#${p.id}`}${p.email ? ` <${p.email}>` : ''}`,
  }));
  return (
    <Select
      label={label}
      searchable
      filter={({ options: o }) => o}
      searchValue={text}
      onSearchChange={setText}
      data={options}
      value={value === null ? null : String(value)}
      onChange={(v) => onChange(v === null ? null : Number(v))}
      error={error}
      nothingFoundMessage="—"
    />
  );
}

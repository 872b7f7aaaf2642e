import { Select } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** A tri-state filter: any, yes, no (undefined, true, false). */
export function YesNoSelect({
  label,
  value,
  onChange,
}: {
  label: string;
  value: boolean | undefined;
  onChange: (value: boolean | undefined) => void;
}) {
  const { t } = useTranslation();
  return (
    <Select
      label={label}
      value={value === undefined ? '' : String(value)}
      onChange={(v) => onChange(v === 'true' ? true : v === 'false' ? false : undefined)}
      data={[
        { value: '', label: t('common.any') },
        { value: 'true', label: t('common.yes') },
        { value: 'false', label: t('common.no') },
      ]}
      allowDeselect={false}
      w={140}
    />
  );
}

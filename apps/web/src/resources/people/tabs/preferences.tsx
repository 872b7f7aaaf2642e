import { useQuery } from '@tanstack/react-query';
import { DataTable } from 'mantine-datatable';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../../../api/trpc.js';
import { ErrorState } from '../../../components/states.js';
import { useUnits } from '../../../components/unit-select.js';

const yesNo = (v: boolean | null, yes: string, no: string) => (v === null ? '—' : v ? yes : no);

/** The person's preferences per administrative unit (`admin.people.preferences`). */
export function PreferencesTab({ personId }: { personId: number }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const units = useUnits();
  const prefs = useQuery(trpc.admin.people.preferences.queryOptions({ id: personId }));
  if (prefs.isError) return <ErrorState error={prefs.error} />;
  const unitName = (id: number) => units.data?.results.find((u) => u.id === id)?.name ?? `#${id}`;
  const flag = (v: boolean | null) => yesNo(v, t('common.yes'), t('common.no'));
  return (
    <DataTable
      aria-label={t('person.tabs.preferences')}
      withTableBorder
      minHeight={prefs.data?.length ? undefined : 120}
      fetching={prefs.isPending}
      records={prefs.data ?? []}
      noRecordsText={t('person.noPreferences')}
      columns={[
        { accessor: 'administrative_unit', title: t('people.unit'), render: (r) => unitName(r.administrative_unit) },
        { accessor: 'send_mailing_lists', title: t('person.mailingLists'), render: (r) => flag(r.send_mailing_lists) },
        { accessor: 'newsletter_on', title: t('person.newsletter'), render: (r) => flag(r.newsletter_on) },
        { accessor: 'call_on', title: t('person.calls'), render: (r) => flag(r.call_on) },
        { accessor: 'letter_on', title: t('person.letters'), render: (r) => flag(r.letter_on) },
        { accessor: 'public', title: t('person.public'), render: (r) => flag(r.public) },
      ]}
    />
  );
}

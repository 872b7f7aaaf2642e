import { Anchor, Badge, Group, Stack, Tabs, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { createLazyRoute, getRouteApi, Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { statusOf, useTRPC } from '../../api/trpc.js';
import { ErrorState, PageLoader } from '../../components/states.js';
import { ContactsTab } from './tabs/contacts.js';
import { DataProtectionTab } from './tabs/data-protection.js';
import { DetailsForm } from './details-form.js';
import { DonationsTab } from './tabs/donations.js';
import { EventsTab } from './tabs/events.js';
import { HistoryTab } from './tabs/history.js';
import { InteractionsTab } from './tabs/interactions.js';
import { PreferencesTab } from './tabs/preferences.js';
import { personName } from './person-name.js';
import { PERSON_TABS, type PersonTab } from './search.js';

const route = getRouteApi('/staff/people/$personId');

/**
 * A person's page: one tab per part of their record, the open tab in the URL. Its read
 * (`admin.profiles.retrieve`) leaves a "view" entry in the person's access log (issue 22).
 */
function PersonPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const { personId } = route.useParams();
  const { tab = 'details' } = route.useSearch();
  const navigate = route.useNavigate();
  const profile = useQuery(trpc.admin.profiles.retrieve.queryOptions({ id: personId }));

  if (profile.isPending) return <PageLoader />;
  if (profile.isError)
    return <ErrorState error={statusOf(profile.error) === 404 ? t('common.notFound') : profile.error} />;
  const p = profile.data;
  const panel: Record<PersonTab, React.ReactNode> = {
    details: <DetailsForm key={p.updated ?? ''} profile={p} />,
    contacts: <ContactsTab profile={p} />,
    donations: <DonationsTab personId={p.id} />,
    interactions: <InteractionsTab personId={p.id} units={p.administrative_units} />,
    events: <EventsTab personId={p.id} />,
    preferences: <PreferencesTab personId={p.id} />,
    history: <HistoryTab personId={p.id} />,
    privacy: <DataProtectionTab personId={p.id} name={personName(p) || p.email || `#${p.id}`} />,
  };
  return (
    <Stack>
      <Anchor renderRoot={(props) => <Link {...props} to="/people" />} size="sm">
        ← {t('people.title')}
      </Anchor>
      <Group gap="sm">
        <Title order={2}>{personName(p) || p.username || `#${p.id}`}</Title>
        {p.kind === 'company' && <Badge variant="light">{t('people.company')}</Badge>}
      </Group>
      <Text c="dimmed" size="sm">
        {[p.email, p.telephone].filter(Boolean).join(' · ')}
      </Text>
      <Tabs
        value={tab}
        onChange={(value) =>
          void navigate({
            search: { tab: (value as PersonTab) === 'details' ? undefined : (value as PersonTab) },
            replace: true,
          })
        }
        keepMounted={false}
      >
        <Tabs.List>
          {PERSON_TABS.map((name) => (
            <Tabs.Tab key={name} value={name}>
              {t(`person.tabs.${name}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {PERSON_TABS.map((name) => (
          <Tabs.Panel key={name} value={name} pt="md">
            {panel[name]}
          </Tabs.Panel>
        ))}
      </Tabs>
    </Stack>
  );
}

export const Route = createLazyRoute('/staff/people/$personId')({ component: PersonPage });

import { Stack, Tabs, Text, Title } from '@mantine/core';
import { createLazyRoute } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { SETTINGS_TABS } from '../../routes/settings.js';
import { OAuthPanel } from './oauth-panel.js';
import { AccountsTable, EventTypesTable, InteractionTypesTable, UnitsTable, type PanelProps } from './simple-tables.js';

export const Route = createLazyRoute('/staff/settings')({ component: SettingsPage });

type Tab = (typeof SETTINGS_TABS)[number];

const PANELS: Record<Tab, (p: PanelProps) => React.ReactNode> = {
  units: UnitsTable,
  accounts: AccountsTable,
  'event-types': EventTypesTable,
  'interaction-types': InteractionTypesTable,
  oauth: OAuthPanel,
};

function SettingsPage() {
  const { t } = useTranslation();
  const { tab = 'units', page = 1 } = Route.useSearch();
  const navigate = Route.useNavigate();
  const Panel = PANELS[tab];
  return (
    <Stack>
      <Title order={2}>{t('settings.title')}</Title>
      <Tabs value={tab} onChange={(v) => void navigate({ search: { tab: (v ?? 'units') as Tab } })}>
        <Tabs.List>
          {(Object.keys(PANELS) as Tab[]).map((key) => (
            <Tabs.Tab key={key} value={key}>
              {t(`settings.tabs.${key}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      <Panel page={page} onPage={(p) => void navigate({ search: { tab, page: p } })} />
      <Text size="sm" c="dimmed">
        {t('settings.staffNote')}
      </Text>
    </Stack>
  );
}

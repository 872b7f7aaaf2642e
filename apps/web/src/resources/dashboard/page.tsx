import { Stack, Title, Text } from '@mantine/core';
import { createLazyRoute, useRouteContext } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { displayName } from '../../auth/access.js';

function DashboardPage() {
  const { t } = useTranslation();
  const { me } = useRouteContext({ from: '/staff' });
  return (
    <Stack>
      <Title order={2}>{t('dashboard.title')}</Title>
      <Text>{t('dashboard.welcome', { name: displayName(me) })}</Text>
    </Stack>
  );
}

export const Route = createLazyRoute('/staff/')({ component: DashboardPage });

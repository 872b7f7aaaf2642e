import { Anchor, Stack, Text, Title } from '@mantine/core';
import { createLazyRoute } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';

export const Route = createLazyRoute('/staff/jobs')({ component: JobsPage });

/**
 * The worker's queues: bull-board, which the API mounts at /admin/queues for superusers
 * (apps/api/src/jobs/queue-dashboard.ts), shown inside the app's layout.
 */
function JobsPage() {
  const { t } = useTranslation();
  return (
    <Stack h="calc(100vh - 120px)">
      <Title order={2}>{t('jobs.title')}</Title>
      <Text size="sm">
        {t('jobs.help')}{' '}
        <Anchor href="/admin/queues" target="_blank" rel="noreferrer">
          {t('jobs.open')}
        </Anchor>
      </Text>
      <iframe title={t('jobs.title')} src="/admin/queues" style={{ flex: 1, width: '100%', border: '1px solid var(--mantine-color-gray-3)' }} />
    </Stack>
  );
}

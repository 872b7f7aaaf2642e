import { Alert, Button, Center, Loader, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconInbox } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { formErrorOf } from '../api/field-errors.js';

export function PageLoader() {
  const { t } = useTranslation();
  return (
    <Center py="xl" role="status" aria-live="polite">
      <Loader aria-label={t('common.loading')} />
    </Center>
  );
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  return (
    <Alert color="red" icon={<IconAlertTriangle aria-hidden />} title={t('common.error')} role="alert">
      <Stack gap="xs" align="flex-start">
        <Text size="sm">{formErrorOf(error)}</Text>
        {onRetry && (
          <Button size="xs" variant="light" color="red" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        )}
      </Stack>
    </Alert>
  );
}

export function EmptyState({ children }: { children?: React.ReactNode }) {
  const { t } = useTranslation();
  return (
    <Stack align="center" gap={4} py="lg" c="dimmed">
      <IconInbox aria-hidden size={32} />
      <Text size="sm">{children ?? t('common.empty')}</Text>
    </Stack>
  );
}

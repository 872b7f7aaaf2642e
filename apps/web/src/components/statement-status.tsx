import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';

const COLORS = { queued: 'gray', running: 'blue', done: 'teal', failed: 'red' } as const;

export function StatementStatus({ status }: { status: keyof typeof COLORS }) {
  const { t } = useTranslation();
  return (
    <Badge color={COLORS[status]} variant="light">
      {t(`statements.status.${status}`)}
    </Badge>
  );
}

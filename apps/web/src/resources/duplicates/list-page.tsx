import { Badge, Button, Group, Stack, Text, Title } from '@mantine/core';
import { createLazyRoute, Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { RouterOutputs } from '@klub/api/router';
import { useTRPC } from '../../api/trpc.js';
import { ResourceList } from '../../components/resource-list.js';

export const Route = createLazyRoute('/staff/duplicates')({ component: DuplicatesPage });

type Side = RouterOutputs['admin']['profiles']['duplicates']['results'][number]['first'];

/** How one side of a pair reads in the list: name, e-mail, city, birth date. */
export function describeSide(p: Side): string {
  const name = p.kind === 'company' ? (p.name ?? '') : [p.first_name, p.last_name].filter(Boolean).join(' ');
  const born = [p.birth_day, p.birth_month, p.age_group].filter((x) => x !== null).join('. ');
  return [name || p.username || `#${p.id}`, p.email, p.city, born].filter(Boolean).join(' · ');
}

/** Issue 17 §2: the probable duplicates within the caller's units, each with why, and the way to merge them. */
function DuplicatesPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const search = Route.useSearch();
  const navigate = Route.useNavigate();
  return (
    <Stack>
      <Title order={2}>{t('duplicates.title')}</Title>
      <Text c="dimmed">{t('duplicates.help')}</Text>
      <ResourceList
        search={search}
        onSearch={(patch) => void navigate({ search: (prev) => ({ ...prev, ...patch }) })}
        query={(page) => trpc.admin.profiles.duplicates.queryOptions(page)}
        idAccessor={(p) => `${p.first.id}-${p.second.id}`}
        minHeight={160}
        columns={[
          {
            accessor: 'first',
            title: t('duplicates.first'),
            render: (p) => (
              <Link to="/people/$personId" params={{ personId: p.first.id }}>
                {describeSide(p.first)}
              </Link>
            ),
          },
          {
            accessor: 'second',
            title: t('duplicates.second'),
            render: (p) => (
              <Link to="/people/$personId" params={{ personId: p.second.id }}>
                {describeSide(p.second)}
              </Link>
            ),
          },
          {
            accessor: 'reasons',
            title: t('duplicates.reasons'),
            render: (p) => (
              <Group gap={4}>
                {p.reasons.map((r) => (
                  <Badge key={r} variant="light">
                    {t(`duplicates.reason.${r}`)}
                  </Badge>
                ))}
              </Group>
            ),
          },
          {
            accessor: 'merge',
            title: '',
            render: (p) => (
              <Button
                size="xs"
                onClick={() =>
                  void navigate({ to: '/duplicates/merge', search: { first: p.first.id, second: p.second.id } })
                }
              >
                {t('duplicates.merge')}
              </Button>
            ),
          },
        ]}
      />
    </Stack>
  );
}

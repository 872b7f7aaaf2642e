import { Button, Group, Stack, TextInput, Title } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { createLazyRoute, Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../../api/trpc.js';
import { compact } from '../../components/list-search.js';
import { ResourceList } from '../../components/resource-list.js';
import { formatDateTime } from '../../format.js';

export const Route = createLazyRoute('/staff/events')({ component: EventsPage });

function EventsPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const search = Route.useSearch();
  const navigate = Route.useNavigate();
  const setSearch = (patch: Record<string, unknown>) => void navigate({ search: (prev) => compact({ ...prev, ...patch }) });
  const setText = useDebouncedCallback((text: string) => setSearch({ search: text, page: undefined }), 300);
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('events.title')}</Title>
        <Button component={Link} to="/events/new">
          {t('events.new')}
        </Button>
      </Group>
      <TextInput label={t('common.search')} role="searchbox" maw={360} defaultValue={search.search ?? ''} onChange={(e) => setText(e.currentTarget.value)} />
      <ResourceList
        search={search}
        onSearch={setSearch}
        defaultOrdering="-datetime_from"
        query={(page) => trpc.admin.events.list.queryOptions({ ...page, ...compact({ search: search.search }) })}
        columns={[
          {
            accessor: 'name',
            title: t('events.name'),
            sortable: true,
            render: (e) => (
              <Link to="/events/$eventId" params={{ eventId: e.id }}>
                {e.name}
              </Link>
            ),
          },
          { accessor: 'datetime_from', title: t('events.from'), sortable: true, render: (e) => formatDateTime(e.datetime_from) },
          { accessor: 'datetime_to', title: t('events.to'), render: (e) => formatDateTime(e.datetime_to) },
          { accessor: 'public_on_web', title: t('events.publicOnWeb'), render: (e) => (e.public_on_web ? t('common.yes') : t('common.no')) },
        ]}
      />
    </Stack>
  );
}

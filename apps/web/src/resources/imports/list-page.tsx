import { Badge, Button, Card, Group, Select, Stack, Text, Title } from '@mantine/core';
import { Dropzone } from '@mantine/dropzone';
import { IconFileUpload } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { createLazyRoute, Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RouterOutputs } from '@klub/api/router';
import { fieldErrorsOf, formErrorOf } from '../../api/field-errors.js';
import { restFetch } from '../../api/rest.js';
import { useTRPC } from '../../api/trpc.js';
import { ResourceList } from '../../components/resource-list.js';
import { useUnits } from '../../components/unit-select.js';
import { formatDateTime } from '../../format.js';

export const Route = createLazyRoute('/staff/imports')({ component: ImportsPage });

type PeopleImport = RouterOutputs['admin']['peopleImports']['retrieve'];

/** Issue 17 §3: upload a CSV or XLSX of people into one of the caller's units; the imports of their units. */
function ImportsPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const search = Route.useSearch();
  const navigate = Route.useNavigate();
  return (
    <Stack>
      <Title order={2}>{t('imports.title')}</Title>
      <UploadCard />
      <ResourceList
        search={search}
        onSearch={(patch) => void navigate({ search: (prev) => ({ ...prev, ...patch }) })}
        query={(page) => trpc.admin.peopleImports.list.queryOptions(page)}
        minHeight={160}
        columns={[
          {
            accessor: 'id',
            title: '#',
            render: (i) => (
              <Link to="/imports/$importId" params={{ importId: i.id }}>
                {i.id}
              </Link>
            ),
          },
          { accessor: 'file_name', title: t('imports.file') },
          { accessor: 'created', title: t('imports.created'), render: (i) => formatDateTime(i.created) },
          { accessor: 'status', title: t('imports.status'), render: (i) => <ImportStatus status={i.status} /> },
          { accessor: 'rows_total', title: '∑' },
        ]}
      />
    </Stack>
  );
}

export function ImportStatus({ status }: { status: PeopleImport['status'] }) {
  const { t } = useTranslation();
  const color =
    status === 'done'
      ? 'green'
      : status === 'failed'
        ? 'red'
        : status === 'running' || status === 'queued'
          ? 'blue'
          : 'gray';
  return (
    <Badge color={color} variant="light">
      {t(`imports.statuses.${status}`)}
    </Badge>
  );
}

function UploadCard() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const units = useUnits();
  const [file, setFile] = useState<File | null>(null);
  const [unit, setUnit] = useState<string | null>(null);
  const options = (units.data?.results ?? []).map((u) => ({ value: String(u.id), label: u.name }));
  const chosenUnit = unit ?? (options.length === 1 ? options[0]!.value : null);
  const upload = useMutation({
    mutationFn: async () => {
      const body = new FormData();
      if (file) body.append('file', file);
      if (chosenUnit) body.append('administrative_unit', chosenUnit);
      const res = await restFetch('/api/admin/people-imports/', { method: 'POST', body });
      return (await res.json()) as PeopleImport;
    },
    onSuccess: (created) => navigate({ to: '/imports/$importId', params: { importId: created.id } }),
  });
  const errors = fieldErrorsOf(upload.error);
  return (
    <Card withBorder component="section" aria-labelledby="upload-title">
      <Stack>
        <Title order={3} size="h4" id="upload-title">
          {t('imports.upload')}
        </Title>
        <Dropzone
          multiple={false}
          maxSize={20_000_000}
          onDrop={([dropped]) => dropped && setFile(dropped)}
          aria-label={t('imports.dropzone')}
        >
          <Group justify="center" mih={90} style={{ pointerEvents: 'none' }}>
            <IconFileUpload size={36} aria-hidden />
            <Stack gap={2}>
              <Text>{file ? file.name : t('imports.dropzone')}</Text>
              <Text size="sm" c="dimmed">
                {t('imports.dropzoneHelp')}
              </Text>
            </Stack>
          </Group>
        </Dropzone>
        {errors.file && (
          <Text c="red" size="sm" role="alert">
            {errors.file.join(' ')}
          </Text>
        )}
        <Group align="flex-end">
          <Select
            label={t('imports.unit')}
            data={options}
            value={chosenUnit}
            onChange={setUnit}
            error={errors.administrative_unit?.join(' ')}
          />
          <Button onClick={() => upload.mutate()} loading={upload.isPending} disabled={!file || !chosenUnit}>
            {t('imports.upload')}
          </Button>
        </Group>
        {upload.error && formErrorOf(upload.error, ['file', 'administrative_unit']) && (
          <Text c="red" size="sm" role="alert">
            {formErrorOf(upload.error, ['file', 'administrative_unit'])}
          </Text>
        )}
      </Stack>
    </Card>
  );
}

import { Button, Card, Group, Select, Stack, Text, Title } from '@mantine/core';
import { Dropzone } from '@mantine/dropzone';
import { IconFileUpload } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RouterOutputs } from '@klub/api/router';
import { fieldErrorsOf, formErrorOf } from '../../api/field-errors.js';
import { restFetch } from '../../api/rest.js';
import { useTRPC } from '../../api/trpc.js';
import { detectStatementType, STATEMENT_TYPES } from './format.js';

type Statement = RouterOutputs['admin']['accountStatements']['retrieve'];

async function headOf(file: File): Promise<string> {
  const bytes = await file.slice(0, 400).arrayBuffer();
  const utf8 = new TextDecoder('utf-8').decode(bytes);
  // Czech banks still export in windows-1250.
  return utf8.includes('\uFFFD') ? new TextDecoder('windows-1250').decode(bytes) : utf8;
}

/** Drag and drop a bank statement; the import runs in the worker, its page shows the progress. */
export function UploadCard() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const navigate = useNavigate();
  const units = useQuery(trpc.admin.administrativeUnits.list.queryOptions({ page_size: '100' }));
  const [file, setFile] = useState<File | null>(null);
  const [type, setType] = useState<string | null>(null);
  const [unit, setUnit] = useState<string | null>(null);
  const unitOptions = (units.data?.results ?? []).map((u) => ({ value: String(u.id), label: u.name }));
  const chosenUnit = unit ?? (unitOptions.length === 1 ? unitOptions[0]!.value : null);
  const upload = useMutation({
    mutationFn: async () => {
      const body = new FormData();
      if (file) body.append('file', file);
      if (type) body.append('type', type);
      if (chosenUnit) body.append('administrative_unit', chosenUnit);
      const res = await restFetch('/api/admin/account-statements/', { method: 'POST', body });
      return (await res.json()) as Statement;
    },
    onSuccess: (statement) => navigate({ to: '/statements/$statementId', params: { statementId: statement.id } }),
  });
  const errors = fieldErrorsOf(upload.error);
  return (
    <Card withBorder component="section" aria-labelledby="upload-title">
      <Stack>
        <Title order={3} size="h4" id="upload-title">
          {t('statements.upload')}
        </Title>
        <Dropzone
          multiple={false}
          maxSize={10_000_000}
          onDrop={([dropped]) => {
            if (!dropped) return;
            setFile(dropped);
            void headOf(dropped).then((head) => setType(detectStatementType(dropped.name, head)));
          }}
          aria-label={t('statements.dropzone')}
        >
          <Group justify="center" mih={90} style={{ pointerEvents: 'none' }}>
            <IconFileUpload size={36} aria-hidden />
            <Stack gap={2}>
              <Text>{file ? file.name : t('statements.dropzone')}</Text>
              <Text size="sm" c="dimmed">
                {file ? t('statements.detected', { type: type ? t(`statements.types.${type as (typeof STATEMENT_TYPES)[number]}`) : '—' }) : t('statements.dropzoneHelp')}
              </Text>
            </Stack>
          </Group>
        </Dropzone>
        {errors.file && (
          <Text c="red" size="sm" role="alert">
            {errors.file.join(' ')}
          </Text>
        )}
        <Group grow align="flex-start">
          <Select
            label={t('statements.type')}
            data={STATEMENT_TYPES.map((v) => ({ value: v, label: t(`statements.types.${v}`) }))}
            value={type}
            onChange={setType}
            error={errors.type?.join(' ')}
          />
          <Select
            label={t('statements.unit')}
            data={unitOptions}
            value={chosenUnit}
            onChange={setUnit}
            error={errors.administrative_unit?.join(' ')}
          />
        </Group>
        {upload.error && formErrorOf(upload.error, ['file', 'type', 'administrative_unit']) && (
          <Text c="red" size="sm" role="alert">
            {formErrorOf(upload.error, ['file', 'type', 'administrative_unit'])}
          </Text>
        )}
        <Group>
          <Button onClick={() => upload.mutate()} loading={upload.isPending} disabled={!file}>
            {t('statements.import')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

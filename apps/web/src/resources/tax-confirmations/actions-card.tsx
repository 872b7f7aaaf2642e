import { Alert, Anchor, Button, Card, Group, Modal, Progress, Stack, Text, Title } from '@mantine/core';
import { IconEye, IconFileZip, IconMail, IconPlayerPlay } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formErrorOf } from '../../api/field-errors.js';
import { statusOf, useTRPC, useTRPCClient } from '../../api/trpc.js';
import { saveLink } from './save-link.js';

const SHOWN_STATES = ['pending', 'waiting', 'delayed', 'active', 'completed', 'failed', 'unknown'] as const;
type ShownState = (typeof SHOWN_STATES)[number];
const FINISHED = new Set(['completed', 'failed']);

/** A generation or sending job followed until it ends, with BullMQ's progress. */
function JobProgress({ jobId, label, onDone }: { jobId: string; label: string; onDone: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const job = useQuery({
    ...trpc.admin.taxConfirmations.job.queryOptions({ id: jobId }),
    refetchInterval: (q) => (q.state.data && FINISHED.has(q.state.data.state) ? false : 1000),
    staleTime: 0,
  });
  const state = job.data?.state ?? 'pending';
  useEffect(() => {
    if (FINISHED.has(state)) onDone();
  }, [state]);
  const shown: ShownState = (SHOWN_STATES as readonly string[]).includes(state) ? (state as ShownState) : 'waiting';
  const progress = Math.round(job.data?.progress ?? 0);
  return (
    <Stack gap={4} data-testid="tax-job">
      <Group justify="space-between">
        <Text size="sm" fw={500}>
          {label}
        </Text>
        <Text size="sm" data-testid="tax-job-state" aria-live="polite">
          {t(`tax.job.${shown}`)} · {progress} %
        </Text>
      </Group>
      <Progress value={progress} animated={!FINISHED.has(state)} color={state === 'failed' ? 'red' : undefined} aria-label={t('tax.job.progress')} />
      {state === 'failed' && (
        <Alert color="red" role="alert">
          {t('tax.job.failedReason', { reason: job.data?.failed_reason ?? '' })}
        </Alert>
      )}
      {job.error && <ErrorText error={job.error} />}
    </Stack>
  );
}

function ErrorText({ error }: { error: unknown }) {
  return (
    <Text c="red" size="sm" role="alert">
      {formErrorOf(error)}
    </Text>
  );
}

/** Generate a unit's confirmations for a year, preview one, send them, download them all. */
export function ActionsCard({ unit, year }: { unit: number; year: number }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const [job, setJob] = useState<{ id: string; kind: 'generate' | 'send' } | null>(null);
  const [preview, setPreview] = useState<{ url: string; filename: string } | null>(null);
  const input = { administrative_unit: unit, year };
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.admin.taxConfirmations.list.queryKey() });

  useEffect(
    () => () => {
      if (preview) URL.revokeObjectURL(preview.url);
    },
    [preview],
  );
  // Another unit or year: the job shown was the other one's.
  useEffect(() => setJob(null), [unit, year]);

  const generate = useMutation(trpc.admin.taxConfirmations.generate.mutationOptions({ onSuccess: (r) => setJob({ id: r.job_id, kind: 'generate' }) }));
  const send = useMutation(trpc.admin.taxConfirmations.send.mutationOptions({ onSuccess: (r) => setJob({ id: r.job_id, kind: 'send' }) }));
  const showPreview = useMutation({
    mutationFn: () => client.admin.taxConfirmations.preview.query(input),
    onSuccess: (p) => {
      const bytes = Uint8Array.from(atob(p.data), (c) => c.charCodeAt(0));
      setPreview({ url: URL.createObjectURL(new Blob([bytes], { type: p.content_type })), filename: p.filename });
    },
  });
  const zip = useMutation({
    mutationFn: () => client.admin.taxConfirmations.zip.query(input),
    onSuccess: (r) => saveLink(r.download_url, `potvrzeni-${year}-${unit}.zip`),
  });
  const running = job !== null && !generate.isPending && !send.isPending;
  const error = generate.error ?? send.error ?? zip.error ?? (statusOf(showPreview.error) === 404 ? null : showPreview.error);

  return (
    <Card withBorder component="section" aria-labelledby="tax-actions-title">
      <Stack>
        <Title order={3} size="h4" id="tax-actions-title">
          {t('tax.actions')}
        </Title>
        <Group>
          <Button variant="default" leftSection={<IconEye size={16} aria-hidden />} loading={showPreview.isPending} onClick={() => showPreview.mutate()}>
            {t('tax.preview')}
          </Button>
          <Button leftSection={<IconPlayerPlay size={16} aria-hidden />} loading={generate.isPending} onClick={() => generate.mutate(input)}>
            {t('tax.generate')}
          </Button>
          <Button variant="light" leftSection={<IconMail size={16} aria-hidden />} loading={send.isPending} onClick={() => send.mutate(input)}>
            {t('tax.send')}
          </Button>
          <Button variant="light" leftSection={<IconFileZip size={16} aria-hidden />} loading={zip.isPending} onClick={() => zip.mutate()}>
            {t('tax.zip')}
          </Button>
        </Group>
        {statusOf(showPreview.error) === 404 && <Text c="dimmed">{t('tax.nothingToPreview')}</Text>}
        {error && <ErrorText error={error} />}
        {running && <JobProgress key={job.id} jobId={job.id} label={t(job.kind === 'generate' ? 'tax.generating' : 'tax.sending')} onDone={refresh} />}
      </Stack>
      <Modal opened={preview !== null} onClose={() => setPreview(null)} title={t('tax.previewTitle')} size="xl">
        {preview && (
          <Stack>
            <iframe title={t('tax.previewTitle')} src={preview.url} style={{ width: '100%', height: '70vh', border: 0 }} />
            <Anchor href={preview.url} download={preview.filename}>
              {t('tax.previewDownload')}
            </Anchor>
          </Stack>
        )}
      </Modal>
    </Card>
  );
}

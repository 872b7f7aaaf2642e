import { Alert, Button, Group, List, Modal, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RouterOutputs } from '@klub/api/router';
import { fieldErrorsOf, formErrorOf } from '../../api/field-errors.js';
import { useTRPC } from '../../api/trpc.js';
import { formatDateTime, formatMoney } from '../../format.js';

type Summary = RouterOutputs['admin']['profiles']['erase'];

/**
 * The erasure of a person (issue 22), confirmed twice: first the person's name typed and a
 * reason, which asks the API what would go (`prepareErasure`, it changes nothing and answers a
 * short-lived token); then, with that summary in view, the irreversible `erase`. Shows the result.
 */
export function EraseModal({ personId, name, onClose }: { personId: number; name: string; onClose: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [typed, setTyped] = useState('');
  const [reason, setReason] = useState('');
  const prepare = useMutation(trpc.admin.profiles.prepareErasure.mutationOptions());
  const erase = useMutation(
    trpc.admin.profiles.erase.mutationOptions({
      // Everything shown of the person is stale now: the page, lists, the retention candidates.
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.admin.pathKey() }),
    }),
  );
  const preparation = prepare.data;
  const counts = (s: Summary) => ({ ...s, total: formatMoney(s.payments_total) });
  const ready = typed.trim() === name.trim() && reason.trim() !== '';
  const error = erase.error ?? prepare.error;
  const reasonError = fieldErrorsOf(erase.error).reason?.join(' ');

  return (
    <Modal opened onClose={onClose} title={t('person.privacy.erase.modalTitle', { name })} size="lg" closeOnClickOutside={false}>
      {erase.data ? (
        <Stack>
          <Alert color="teal" title={t('person.privacy.erase.done')} role="status">
            {t('person.privacy.erase.result', counts(erase.data))}
          </Alert>
          <Group justify="flex-end">
            <Button onClick={onClose}>{t('person.privacy.erase.close')}</Button>
          </Group>
        </Stack>
      ) : (
        <Stack>
          <Alert color="red">{t('person.privacy.erase.warning')}</Alert>
          {error && formErrorOf(error, ['reason']) && (
            <Alert color="red" role="alert">
              {formErrorOf(error, ['reason'])}
            </Alert>
          )}
          {!preparation ? (
            <form
              onSubmit={(e) => {
                e.preventDefault();
                if (ready) prepare.mutate({ id: personId });
              }}
            >
              <Stack>
                <Text size="sm">{t('person.privacy.erase.help')}</Text>
                <TextInput
                  label={t('person.privacy.erase.typeName', { name })}
                  value={typed}
                  onChange={(e) => setTyped(e.currentTarget.value)}
                  autoComplete="off"
                  data-autofocus
                />
                <Textarea
                  label={t('person.privacy.erase.reason')}
                  description={t('person.privacy.erase.reasonHelp')}
                  value={reason}
                  onChange={(e) => setReason(e.currentTarget.value)}
                  maxLength={500}
                  autosize
                  minRows={2}
                />
                <Group justify="flex-end">
                  <Button variant="default" onClick={onClose}>
                    {t('common.cancel')}
                  </Button>
                  <Button type="submit" color="red" variant="light" disabled={!ready} loading={prepare.isPending}>
                    {t('person.privacy.erase.next')}
                  </Button>
                </Group>
              </Stack>
            </form>
          ) : (
            <Stack>
              <Title order={3} size="h5">
                {t('person.privacy.erase.reviewTitle')}
              </Title>
              <List size="sm" spacing="xs">
                <List.Item>{t('person.privacy.erase.removes', counts(preparation.summary))}</List.Item>
                <List.Item>{t('person.privacy.erase.keeps', counts(preparation.summary))}</List.Item>
              </List>
              <Text size="sm" c="dimmed">
                {t('person.privacy.erase.expires', { time: formatDateTime(preparation.expires_at) })}
              </Text>
              {reasonError && (
                <Text c="red" size="sm" role="alert">
                  {reasonError}
                </Text>
              )}
              <Group justify="flex-end">
                <Button variant="default" onClick={onClose}>
                  {t('common.cancel')}
                </Button>
                <Button
                  color="red"
                  loading={erase.isPending}
                  onClick={() => erase.mutate({ id: personId, confirmation_token: preparation.confirmation_token, reason: reason.trim() })}
                >
                  {t('person.privacy.erase.confirm')}
                </Button>
              </Group>
            </Stack>
          )}
        </Stack>
      )}
    </Modal>
  );
}

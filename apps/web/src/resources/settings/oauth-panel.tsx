import { Alert, Button, Code, CopyButton, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RouterOutputs } from '@klub/api/router';
import { fieldErrorsOf, formErrorOf } from '../../api/field-errors.js';
import { useTRPC } from '../../api/trpc.js';
import { ResourceList } from '../../components/resource-list.js';
import { formatDateTime } from '../../format.js';

type WithSecret = RouterOutputs['admin']['oauthApplications']['create'];
const GRANTS = ['client-credentials', 'password', 'authorization-code', 'implicit'] as const satisfies readonly NonNullable<WithSecret['authorization_grant_type']>[];

/** The secret, shown this once: only its hash is stored, so closing the dialog loses it. */
function SecretModal({ app, onClose }: { app: WithSecret; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal opened onClose={onClose} title={t('settings.secretTitle', { name: app.name })} size="lg" closeOnClickOutside={false}>
      <Stack>
        <Alert color="yellow">{t('settings.secretOnce')}</Alert>
        <Text size="sm">{t('settings.clientId')}</Text>
        <Code block data-testid="client-id">{app.client_id}</Code>
        <Text size="sm">{t('settings.clientSecret')}</Text>
        <Code block data-testid="client-secret">{app.client_secret}</Code>
        <Group justify="space-between">
          <CopyButton value={app.client_secret}>
            {({ copied, copy }) => (
              <Button variant="light" onClick={copy}>
                {copied ? t('settings.copied') : t('settings.copy')}
              </Button>
            )}
          </CopyButton>
          <Button onClick={onClose}>{t('settings.secretStored')}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}

export function OAuthPanel({ page, onPage }: { page: number; onPage: (p: number) => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.admin.oauthApplications.list.queryKey() });
  const [secret, setSecret] = useState<WithSecret | null>(null);
  const [name, setName] = useState('');
  const [grant, setGrant] = useState<string | null>('client-credentials');
  const showSecret = async (app: WithSecret) => {
    setSecret(app);
    await refresh();
  };
  const create = useMutation(
    trpc.admin.oauthApplications.create.mutationOptions({
      onSuccess: async (app) => {
        setName('');
        await showSecret(app);
      },
    }),
  );
  const rotate = useMutation(trpc.admin.oauthApplications.rotateSecret.mutationOptions({ onSuccess: showSecret }));
  const revoke = useMutation(
    trpc.admin.oauthApplications.revokeTokens.mutationOptions({
      onSuccess: (r) => notifications.show({ message: t('settings.revoked', { count: 'revoked' in r ? Number(r.revoked) : 0 }) }),
    }),
  );
  const remove = useMutation(trpc.admin.oauthApplications.destroy.mutationOptions({ onSuccess: refresh }));
  const errors = fieldErrorsOf(create.error);
  return (
    <Stack>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate({ name, authorization_grant_type: grant ?? undefined, redirect_uris: '', skip_authorization: false });
        }}
      >
        <Group align="flex-start">
          <TextInput label={t('settings.appName')} value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.name?.join(' ')} />
          <Select label={t('settings.grant')} data={[...GRANTS]} value={grant} onChange={setGrant} error={errors.authorization_grant_type?.join(' ')} />
          <Button type="submit" mt={25} loading={create.isPending}>
            {t('settings.createApp')}
          </Button>
        </Group>
        {formErrorOf(create.error, ['name', 'authorization_grant_type']) && (
          <Text c="red" size="sm" role="alert">
            {formErrorOf(create.error, ['name', 'authorization_grant_type'])}
          </Text>
        )}
      </form>
      <ResourceList
        search={{ page }}
        onSearch={(patch) => onPage(patch.page ?? 1)}
        query={(window) => trpc.admin.oauthApplications.list.queryOptions({ ...window, ordering: '-created' })}
        columns={[
          { accessor: 'name', title: t('settings.appName') },
          { accessor: 'client_id', title: t('settings.clientId'), render: (a) => <Code>{a.client_id}</Code> },
          { accessor: 'authorization_grant_type', title: t('settings.grant') },
          { accessor: 'created', title: t('settings.created'), render: (a) => formatDateTime(a.created) },
          {
            accessor: 'actions',
            title: '',
            textAlign: 'right',
            render: (a) => (
              <Group gap={4} justify="flex-end" wrap="nowrap">
                <Button size="xs" variant="light" onClick={() => rotate.mutate({ id: a.id })} aria-label={t('settings.rotateOf', { name: a.name })}>
                  {t('settings.rotate')}
                </Button>
                <Button size="xs" variant="light" color="orange" onClick={() => revoke.mutate({ id: a.id })} aria-label={t('settings.revokeOf', { name: a.name })}>
                  {t('settings.revoke')}
                </Button>
                <Button size="xs" variant="subtle" color="red" onClick={() => remove.mutate({ id: a.id })} aria-label={t('settings.deleteOf', { name: a.name })}>
                  {t('common.remove')}
                </Button>
              </Group>
            ),
          },
        ]}
      />
      {secret && <SecretModal app={secret} onClose={() => setSecret(null)} />}
    </Stack>
  );
}

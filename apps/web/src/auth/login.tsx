import { Alert, Anchor, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link, useRouter } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrorsOf, formErrorOf } from '../api/field-errors.js';
import { useTRPC } from '../api/trpc.js';
import { PublicPage } from './public-page.js';

const route = getRouteApi('/login');

/** Sign-in with the browser session of `POST /api/auth/login/` (the same procedure, called over /trpc). */
export function LoginPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const { redirect } = route.useSearch();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const login = useMutation(
    trpc.auth.login.mutationOptions({
      onSuccess: async (me) => {
        queryClient.clear();
        queryClient.setQueryData(trpc.frontend.whoami.retrieve.queryKey(), me);
        // Only a path of this app, never another site.
        const target = redirect?.startsWith('/') && !redirect.startsWith('//') ? redirect : '/';
        await router.navigate({ href: target });
      },
    }),
  );
  const errors = fieldErrorsOf(login.error);
  return (
    <PublicPage title={t('auth.signIn')}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          login.mutate({ username, password });
        }}
      >
        <Stack>
          {login.error && (
            <Alert color="red" role="alert">
              {formErrorOf(login.error, ['username', 'password'])}
            </Alert>
          )}
          <TextInput
            label={t('auth.username')}
            autoComplete="username"
            required
            value={username}
            onChange={(e) => setUsername(e.currentTarget.value)}
            error={errors.username?.join(' ')}
            data-autofocus
            autoFocus
          />
          <PasswordInput
            label={t('auth.password')}
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            error={errors.password?.join(' ')}
          />
          <Button type="submit" loading={login.isPending}>
            {t('auth.signIn')}
          </Button>
          <Anchor component={Link} to="/forgot-password" size="sm">
            {t('auth.forgot')}
          </Anchor>
        </Stack>
      </form>
    </PublicPage>
  );
}

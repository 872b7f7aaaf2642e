import { Alert, Anchor, Button, PasswordInput, Stack } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrorsOf, formErrorOf } from '../api/field-errors.js';
import { statusOf, useTRPC } from '../api/trpc.js';
import { PublicPage } from './public-page.js';

const route = getRouteApi('__root__');

/** The page of the e-mailed link `?u=<uid>&t=<token>`: `POST /api/reset_password_email_confirm/{uid}/{token}/` (api.md §6.3). */
export function ResetPasswordPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const { u, t: token } = route.useSearch();
  const [password1, setPassword1] = useState('');
  const [password2, setPassword2] = useState('');
  const confirm = useMutation(trpc.account.resetPasswordConfirm.create.mutationOptions());
  const errors = fieldErrorsOf(confirm.error);
  // 403: unknown uid or a spent/expired token; 404: the two passwords differ (the spec's odd status, D39).
  const status = statusOf(confirm.error);
  const invalidLink = !u || !token || status === 403;
  return (
    <PublicPage title={t('auth.resetTitle')}>
      {confirm.isSuccess ? (
        <Alert color="teal" role="status">
          {t('auth.resetDone')}
        </Alert>
      ) : invalidLink ? (
        <Alert color="red" role="alert">
          {t('auth.resetInvalid')}
        </Alert>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            confirm.mutate({ uid: u, token, password_1: password1, password_2: password2 });
          }}
        >
          <Stack>
            {confirm.error && !errors.password_1 && !errors.password_2 && (
              <Alert color="red" role="alert">
                {status === 404 ? t('auth.passwordsDiffer') : formErrorOf(confirm.error, ['password_1', 'password_2'])}
              </Alert>
            )}
            <PasswordInput
              label={t('auth.newPassword')}
              autoComplete="new-password"
              required
              value={password1}
              onChange={(e) => setPassword1(e.currentTarget.value)}
              error={errors.password_1?.join(' ')}
              autoFocus
            />
            <PasswordInput
              label={t('auth.newPasswordAgain')}
              autoComplete="new-password"
              required
              value={password2}
              onChange={(e) => setPassword2(e.currentTarget.value)}
              error={errors.password_2?.join(' ')}
            />
            <Button type="submit" loading={confirm.isPending}>
              {t('auth.setPassword')}
            </Button>
          </Stack>
        </form>
      )}
      <Anchor component={Link} to="/login" size="sm">
        {t('auth.backToSignIn')}
      </Anchor>
    </PublicPage>
  );
}

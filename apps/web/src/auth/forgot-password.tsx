import { Alert, Anchor, Button, Stack, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrorsOf, formErrorOf } from '../api/field-errors.js';
import { useTRPC } from '../api/trpc.js';
import { PublicPage } from './public-page.js';

/** `POST /api/reset_password_email/`: always the same answer, whether the address has an account or not (api.md §6.2). */
export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const [email, setEmail] = useState('');
  const request = useMutation(trpc.account.resetPasswordEmail.create.mutationOptions());
  return (
    <PublicPage title={t('auth.forgotTitle')}>
      {request.isSuccess ? (
        <Alert color="teal" role="status">
          {t('auth.sent')}
        </Alert>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            request.mutate({ email });
          }}
        >
          <Stack>
            <Text size="sm">{t('auth.forgotHelp')}</Text>
            {request.error && !fieldErrorsOf(request.error).email && (
              <Alert color="red" role="alert">
                {formErrorOf(request.error, ['email'])}
              </Alert>
            )}
            <TextInput
              type="email"
              label={t('auth.email')}
              autoComplete="email"
              required
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
              error={fieldErrorsOf(request.error).email?.join(' ')}
              autoFocus
            />
            <Button type="submit" loading={request.isPending}>
              {t('auth.send')}
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

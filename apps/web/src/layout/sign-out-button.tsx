import { Button } from '@mantine/core';
import { IconLogout } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../api/trpc.js';

export function SignOutButton() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const logout = useMutation(
    trpc.auth.logout.mutationOptions({
      onSettled: async () => {
        // Nothing of the last user may stay in memory for the next one.
        queryClient.clear();
        await navigate({ to: '/login' });
      },
    }),
  );
  return (
    <Button
      size="xs"
      variant="subtle"
      leftSection={<IconLogout size={16} aria-hidden />}
      loading={logout.isPending}
      onClick={() => logout.mutate()}
    >
      {t('auth.signOut')}
    </Button>
  );
}

import { Center, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../layout/language-switch.js';
import { SignOutButton } from '../layout/sign-out-button.js';
import { displayName, type Me } from './access.js';

/** For signed-in people whose account may not use the back office: say so, and let them sign out. */
export function NoAccessPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  return (
    <Center mih="100vh" p="md" component="main">
      <Paper withBorder shadow="sm" p="xl" w={480} maw="100%">
        <Stack>
          <Group gap="sm">
            <IconLock aria-hidden />
            <Title order={1} size="h3">
              {t('auth.noAccessTitle')}
            </Title>
          </Group>
          <Text>{t('auth.noAccessText', { name: displayName(me) })}</Text>
          <Group justify="space-between">
            <LanguageSwitch />
            <SignOutButton />
          </Group>
        </Stack>
      </Paper>
    </Center>
  );
}

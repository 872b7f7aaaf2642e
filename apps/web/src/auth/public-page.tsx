import { Center, Group, Paper, Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../layout/language-switch.js';

/** The frame of the pages a signed-out visitor sees. */
export function PublicPage({ title, children }: { title: string; children: React.ReactNode }) {
  const { t } = useTranslation();
  return (
    <Center mih="100vh" p="md" component="main">
      <Paper withBorder shadow="sm" p="xl" w={400} maw="100%">
        <Stack>
          <Group justify="space-between">
            <Title order={1} size="h3">
              {title}
            </Title>
            <LanguageSwitch />
          </Group>
          <Title order={2} size="h6" c="dimmed" style={{ position: 'absolute', left: -9999 }}>
            {t('app.name')}
          </Title>
          {children}
        </Stack>
      </Paper>
    </Center>
  );
}

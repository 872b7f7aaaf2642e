import { Badge, Group, List, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { RouterOutputs } from '@klub/api/router';

type Profile = RouterOutputs['admin']['profiles']['retrieve'];

/** Every e-mail and phone of the person; the primary ones are edited on the details tab. */
export function ContactsTab({ profile }: { profile: Profile }) {
  const { t } = useTranslation();
  const primary = (
    <Badge size="xs" variant="light">
      {t('person.primary')}
    </Badge>
  );
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }}>
      <Stack gap="xs">
        <Title order={3} size="h5">
          {t('person.emails')}
        </Title>
        {profile.emails.length ? (
          <List listStyleType="none" spacing={4}>
            {profile.emails.map((e) => (
              <List.Item key={e.id}>
                <Group gap="xs">
                  <Text>{e.email}</Text>
                  {e.is_primary && primary}
                  {e.note && (
                    <Text c="dimmed" size="sm">
                      {e.note}
                    </Text>
                  )}
                </Group>
              </List.Item>
            ))}
          </List>
        ) : (
          <Text c="dimmed">{t('person.noEmails')}</Text>
        )}
      </Stack>
      <Stack gap="xs">
        <Title order={3} size="h5">
          {t('person.phones')}
        </Title>
        {profile.telephones.length ? (
          <List listStyleType="none" spacing={4}>
            {profile.telephones.map((p) => (
              <List.Item key={p.id}>
                <Group gap="xs">
                  <Text>{p.telephone}</Text>
                  {p.is_primary && primary}
                  {p.note && (
                    <Text c="dimmed" size="sm">
                      {p.note}
                    </Text>
                  )}
                </Group>
              </List.Item>
            ))}
          </List>
        ) : (
          <Text c="dimmed">{t('person.noPhones')}</Text>
        )}
      </Stack>
    </SimpleGrid>
  );
}

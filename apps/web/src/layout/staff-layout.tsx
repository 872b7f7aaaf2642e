import { AppShell, Burger, Group, NavLink, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Link, Outlet, useRouteContext } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { canUseBackOffice, displayName } from '../auth/access.js';
import { NoAccessPage } from '../auth/no-access.js';
import { LanguageSwitch } from './language-switch.js';
import { MENU } from './navigation.js';
import { SignOutButton } from './sign-out-button.js';

export function StaffLayout() {
  const { me } = useRouteContext({ from: '/staff' });
  const { t } = useTranslation();
  const [opened, { toggle, close }] = useDisclosure();
  if (!canUseBackOffice(me)) return <NoAccessPage me={me} />;
  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <a href="#main" className="skip-link">
        {t('app.skip')}
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Group gap="sm">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('nav.menu')} />
            <Title order={1} size="h4">
              {t('app.name')}
            </Title>
          </Group>
          <Group gap="sm">
            <Text size="sm" c="dimmed" visibleFrom="sm">
              {t('auth.signedInAs', { name: displayName(me) })}
              {me.admin_role ? ` (${t(`role.${me.admin_role}`)})` : ''}
            </Text>
            <LanguageSwitch />
            <SignOutButton />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label={t('nav.menu')}>
        {MENU.filter((entry) => entry.visible?.(me) ?? true).map((entry) => (
          <NavLink
            key={entry.to}
            component={Link}
            to={entry.to}
            activeOptions={{ exact: entry.exact ?? false }}
            label={t(entry.label)}
            leftSection={<entry.icon size={18} aria-hidden />}
            onClick={close}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1}>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}

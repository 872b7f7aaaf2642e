import {
  IconAddressBook,
  IconBuildingBank,
  IconCalendarEvent,
  IconFileImport,
  IconGauge,
  IconHeartHandshake,
  IconListCheck,
  IconReceiptTax,
  IconSettings,
  IconShieldLock,
  IconUsersGroup,
  IconUserShield,
} from '@tabler/icons-react';
import type { LinkProps } from '@tanstack/react-router';
import type { Me } from '../auth/access.js';
import type { Messages } from '../i18n/cs.js';

/** The menu as data: one line per screen (STYLE.md §2.11); `visible` hides what the API would refuse. */
export interface MenuEntry {
  to: LinkProps['to'];
  label: `nav.${Exclude<keyof Messages['nav'], 'menu'>}`;
  icon: typeof IconGauge;
  exact?: boolean;
  visible?: (me: Me) => boolean;
}

export const MENU: MenuEntry[] = [
  { to: '/', label: 'nav.dashboard', icon: IconGauge, exact: true },
  { to: '/people', label: 'nav.people', icon: IconAddressBook },
  { to: '/retention', label: 'nav.retention', icon: IconShieldLock },
  { to: '/donations', label: 'nav.donations', icon: IconHeartHandshake },
  { to: '/statements', label: 'nav.statements', icon: IconBuildingBank },
  { to: '/events', label: 'nav.events', icon: IconCalendarEvent },
  { to: '/tax-confirmations', label: 'nav.taxConfirmations', icon: IconReceiptTax },
  { to: '/duplicates', label: 'nav.duplicates', icon: IconUsersGroup },
  { to: '/imports', label: 'nav.imports', icon: IconFileImport },
  { to: '/staff-accounts', label: 'nav.staffAccounts', icon: IconUserShield, visible: (me) => me.is_superuser },
  { to: '/settings', label: 'nav.settings', icon: IconSettings, visible: (me) => me.is_superuser },
  { to: '/jobs', label: 'nav.jobs', icon: IconListCheck, visible: (me) => me.is_superuser },
];

import {
  adminAccountStatements,
  adminAdministrativeUnits,
  adminAuditLog,
  adminEventTypes,
  adminInteractionCategories,
  adminInteractionTypes,
  adminLocations,
  adminOrganizationPositions,
  adminOrganizationTeam,
  adminPayments,
} from '@klub/contracts';
import {
  AccountStatement,
  AdministrativeUnit,
  AuditLog,
  EventType,
  InteractionCategory,
  InteractionType,
  Location,
  OrganizationPosition,
  OrganizationTeam,
  Payment,
} from '@klub/db';
import { checkPayments } from '../../payments/payment-check.js';
import { recountStatements } from '../../payments/repair-statement.js';
import { defineAdminEntity } from '../resource.js';
import { reach } from '../unit-scope.js';
import { donorPaymentChannelsAdmin } from './donor-payment-channels.js';
import { eventsAdmin } from './events.js';
import { moneyAccountsAdmin } from './money-accounts.js';

/** Resources that are plain columns: the generic mapping is the whole story. */

export const administrativeUnitsAdmin = defineAdminEntity({
  schemas: adminAdministrativeUnits,
  entity: AdministrativeUnit,
  label: 'administrative unit',
  units: reach.column('id'),
  search: ['name', 'city', 'slug', 'ico'],
  slugs: { slug: 'name' },
});

export const locationsAdmin = defineAdminEntity({
  schemas: adminLocations,
  entity: Location,
  label: 'location',
  units: reach.shared,
  search: ['name', 'place', 'region'],
});

export const organizationPositionsAdmin = defineAdminEntity({
  schemas: adminOrganizationPositions,
  entity: OrganizationPosition,
  label: 'organization position',
  units: reach.shared,
  search: ['name'],
});

export const organizationTeamAdmin = defineAdminEntity({
  schemas: adminOrganizationTeam,
  entity: OrganizationTeam,
  label: 'organization team member',
  units: reach.through('event_id', 'event', eventsAdmin.units),
});

export const eventTypesAdmin = defineAdminEntity({
  schemas: adminEventTypes,
  entity: EventType,
  label: 'event type',
  units: reach.column('administrative_unit_id'),
  search: ['name', 'slug'],
  slugs: { slug: 'name' },
});

export const interactionCategoriesAdmin = defineAdminEntity({
  schemas: adminInteractionCategories,
  entity: InteractionCategory,
  label: 'interaction category',
  units: reach.shared,
  search: ['category', 'slug'],
  slugs: { slug: 'category' },
});

export const interactionTypesAdmin = defineAdminEntity({
  schemas: adminInteractionTypes,
  entity: InteractionType,
  label: 'interaction type',
  units: reach.shared,
  search: ['name', 'slug'],
  slugs: { slug: 'name' },
});

/** Read-only here: statements are created by the import job (operations.md §4). */
export const accountStatementsAdmin = defineAdminEntity({
  schemas: adminAccountStatements,
  entity: AccountStatement,
  label: 'account statement',
  units: reach.column('administrative_unit_id'),
  search: ['csvFile', 'pairLog'],
});

const channelIds = (...values: unknown[]): number[] => [...new Set(values.filter((v): v is number => typeof v === 'number'))];

/**
 * Payments: the cached aggregates of the channels a write touches (count, total, last
 * payment, expected date, late) are recomputed by the payment check, as after an import.
 */
export const paymentsAdmin = defineAdminEntity({
  schemas: adminPayments,
  entity: Payment,
  label: 'payment',
  // Through its donor's channel, or the bank account (or statement) it came in on.
  units: reach.anyOf(
    reach.through('user_donor_payment_channel_id', 'donor_payment_channel', donorPaymentChannelsAdmin.units),
    reach.through('recipient_account_id', 'money_account', moneyAccountsAdmin.units),
    reach.through('account_statement_id', 'account_statement', accountStatementsAdmin.units),
  ),
  search: ['vs', 'ss', 'accountName', 'operationId', 'userIdentification'],
  auditIgnore: ['updated'],
  afterWrite: async ({ em, entity, before }) => {
    const ids = channelIds(before?.user_donor_payment_channel, (entity.userDonorPaymentChannel as { id: number } | null)?.id);
    if (ids.length) await checkPayments(em, { scope: { kind: 'channels', ids } });
    await recountStatements(em, channelIds(before?.account_statement, (entity.accountStatement as { id: number } | null)?.id));
  },
  afterDelete: async ({ em, before }) => {
    const ids = channelIds(before.user_donor_payment_channel);
    if (ids.length) await checkPayments(em, { scope: { kind: 'channels', ids } });
    await recountStatements(em, channelIds(before.account_statement));
  },
});

export const auditLogAdmin = defineAdminEntity({
  schemas: adminAuditLog,
  entity: AuditLog,
  label: 'audit log entry',
  units: reach.unitList('unit_ids'),
});

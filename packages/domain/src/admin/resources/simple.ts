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

/** Resources that are plain columns: the generic mapping is the whole story. */

export const administrativeUnitsAdmin = defineAdminEntity({
  schemas: adminAdministrativeUnits,
  entity: AdministrativeUnit,
  label: 'administrative unit',
  search: ['name', 'city', 'slug', 'ico'],
  slugs: { slug: 'name' },
});

export const locationsAdmin = defineAdminEntity({
  schemas: adminLocations,
  entity: Location,
  label: 'location',
  search: ['name', 'place', 'region'],
});

export const organizationPositionsAdmin = defineAdminEntity({
  schemas: adminOrganizationPositions,
  entity: OrganizationPosition,
  label: 'organization position',
  search: ['name'],
});

export const organizationTeamAdmin = defineAdminEntity({
  schemas: adminOrganizationTeam,
  entity: OrganizationTeam,
  label: 'organization team member',
});

export const eventTypesAdmin = defineAdminEntity({
  schemas: adminEventTypes,
  entity: EventType,
  label: 'event type',
  search: ['name', 'slug'],
  slugs: { slug: 'name' },
});

export const interactionCategoriesAdmin = defineAdminEntity({
  schemas: adminInteractionCategories,
  entity: InteractionCategory,
  label: 'interaction category',
  search: ['category', 'slug'],
  slugs: { slug: 'category' },
});

export const interactionTypesAdmin = defineAdminEntity({
  schemas: adminInteractionTypes,
  entity: InteractionType,
  label: 'interaction type',
  search: ['name', 'slug'],
  slugs: { slug: 'name' },
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

/** Read-only here: statements are created by the import job (operations.md §4). */
export const accountStatementsAdmin = defineAdminEntity({
  schemas: adminAccountStatements,
  entity: AccountStatement,
  label: 'account statement',
  search: ['csvFile', 'pairLog'],
});

export const auditLogAdmin = defineAdminEntity({
  schemas: adminAuditLog,
  entity: AuditLog,
  label: 'audit log entry',
});

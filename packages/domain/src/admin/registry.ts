import type { AdminResourceDef } from './resource.js';
import {
  accountStatementsAdmin,
  administrativeUnitsAdmin,
  auditLogAdmin,
  donorPaymentChannelsAdmin,
  eventTypesAdmin,
  eventsAdmin,
  interactionCategoriesAdmin,
  interactionTypesAdmin,
  interactionsAdmin,
  locationsAdmin,
  moneyAccountsAdmin,
  oauthApplicationsAdmin,
  organizationPositionsAdmin,
  organizationTeamAdmin,
  paymentsAdmin,
  pdfStorageAdmin,
  profilesAdmin,
} from './resources/index.js';

/** Every admin resource by its URL name (`/api/admin/<name>/`), e.g. for `klub export --resource`. */
export const ADMIN_RESOURCES: Readonly<Record<string, AdminResourceDef>> = Object.fromEntries(
  [
    administrativeUnitsAdmin,
    profilesAdmin,
    moneyAccountsAdmin,
    donorPaymentChannelsAdmin,
    paymentsAdmin,
    eventsAdmin,
    eventTypesAdmin,
    locationsAdmin,
    organizationPositionsAdmin,
    organizationTeamAdmin,
    interactionCategoriesAdmin,
    interactionTypesAdmin,
    interactionsAdmin,
    oauthApplicationsAdmin,
    pdfStorageAdmin,
    accountStatementsAdmin,
    auditLogAdmin,
  ].map((d) => [d.schemas.name, d as unknown as AdminResourceDef]),
);

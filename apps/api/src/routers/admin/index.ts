import type { TRPCRouterRecord } from '@trpc/server';
import {
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
  organizationPositionsAdmin,
  organizationTeamAdmin,
  paymentsAdmin,
  pdfStorageAdmin,
} from '@klub/domain';
import { accountStatementsRouter } from './account-statements.js';
import { crudRouter, readOnlyRouter } from './crud.js';
import { dashboardProcedure } from './dashboard.js';
import { jobsRouter } from './jobs.js';
import { oauthApplicationsRouter } from './oauth-applications.js';
import { paymentsCheckRouter } from './payments-check.js';
import { peopleImportsRouter } from './people-imports.js';
import { staffAccountsRouter } from './staff-accounts.js';
import { peopleRouter } from './people.js';
import { profilesRouter } from './profiles.js';
import { taxConfirmationsRouter } from './tax-confirmations.js';
import { segmentsRouter } from './segments.js';
import { mailingsRouter } from './mailings.js';
import { automaticMessagesRouter } from './automatic-messages.js';

/**
 * `/api/admin/…` (operations.md §3), superusers only: one line per resource. Statement
 * uploads, the payment check and the jobs view join this record from their own files.
 */
export const adminRouter = {
  administrativeUnits: crudRouter(administrativeUnitsAdmin),
  profiles: profilesRouter,
  moneyAccounts: crudRouter(moneyAccountsAdmin),
  donorPaymentChannels: crudRouter(donorPaymentChannelsAdmin),
  payments: crudRouter(paymentsAdmin),
  events: crudRouter(eventsAdmin),
  eventTypes: crudRouter(eventTypesAdmin),
  locations: crudRouter(locationsAdmin),
  organizationPositions: crudRouter(organizationPositionsAdmin),
  organizationTeam: crudRouter(organizationTeamAdmin),
  interactionCategories: crudRouter(interactionCategoriesAdmin),
  interactionTypes: crudRouter(interactionTypesAdmin),
  interactions: crudRouter(interactionsAdmin),
  oauthApplications: oauthApplicationsRouter,
  pdfStorage: crudRouter(pdfStorageAdmin),
  accountStatements: accountStatementsRouter,
  paymentsCheck: paymentsCheckRouter,
  jobs: jobsRouter,
  auditLog: readOnlyRouter(auditLogAdmin),
  peopleImports: peopleImportsRouter,
  staffAccounts: staffAccountsRouter,
  taxConfirmations: taxConfirmationsRouter,
  segments: segmentsRouter,
  mailings: mailingsRouter,
  automaticMessages: automaticMessagesRouter,
  people: peopleRouter,
  dashboard: dashboardProcedure,
} satisfies TRPCRouterRecord;

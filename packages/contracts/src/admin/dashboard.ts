import { z } from 'zod';

/**
 * `GET /api/admin/dashboard/` (issue 18 screen 1): the figures an office manager looks at on
 * Monday, limited to the units the caller administers (issue 17 §1).
 */

export const DASHBOARD_MONTHS = 24;
/** The late channels listed (the count is of all of them). */
export const DASHBOARD_LATE_LIMIT = 50;

export const ZDashboardMonth = z
  .object({
    month: z.string().describe('First day of the month, `YYYY-MM-01` (Europe/Prague calendar)'),
    members: z.number().int().describe('Paying members: distinct donors with a payment (amount > 0) in the month'),
    income: z.number().int().describe('Sum of the month’s payments paired to a donor, whole CZK'),
  })
  .meta({ id: 'DashboardMonth' });

export const ZDashboardLateChannel = z
  .object({
    channel: z.number().int().describe('Id of the donor payment channel'),
    VS: z.string().nullable().describe('Variable symbol of the channel'),
    profile: z.number().int().describe('Id of the donor'),
    name: z.string().describe('The donor’s display name'),
    regular_amount: z.number().int().nullable().describe('Regular amount, whole CZK'),
    regular_frequency: z.string().nullable().describe('Regular frequency'),
    expected_regular_payment_date: z.string().nullable().describe('The payment that did not come, `YYYY-MM-DD`'),
    became_late: z.string().describe('When the payment check found it late (ISO 8601)'),
  })
  .meta({ id: 'DashboardLateChannel' });

export const ZDashboardAccount = z
  .object({
    id: z.number().int().describe('Id of the bank account (money account of kind `bank`)'),
    slug: z.string().nullable().describe('Slug of the account'),
    bank_account_number: z.string().nullable().describe('Account number'),
    administrative_unit: z.number().int().describe('Id of the account’s administrative unit'),
    last_import: z.string().nullable().describe('When its last imported statement was uploaded (ISO 8601); null: never'),
    last_date_to: z.string().nullable().describe('Last day covered by its statements, `YYYY-MM-DD`'),
    days_since: z.number().int().nullable().describe('Days from the last upload to today (Europe/Prague); null: never'),
  })
  .meta({ id: 'DashboardAccount' });

export const ZDashboardFailedJob = z
  .object({
    id: z.string().describe('Job id'),
    name: z.string().describe('Job name'),
    queue: z.string().describe('Queue'),
    failed_reason: z.string().nullable().describe('Why it failed'),
    finished_at: z.string().nullable().describe('When it failed (ISO 8601)'),
  })
  .meta({ id: 'DashboardFailedJob' });

export const ZDashboard = z
  .object({
    months: z.array(ZDashboardMonth).describe(`The last ${DASHBOARD_MONTHS} months, oldest first, the current one last`),
    late_this_month: z
      .object({
        count: z.number().int().describe('Regular donations that became late this month and still are'),
        results: z.array(ZDashboardLateChannel).describe(`The latest ${DASHBOARD_LATE_LIMIT} of them`),
      })
      .describe('Regular donors who became late this month'),
    accounts: z.array(ZDashboardAccount).describe('Every bank account with its last imported statement, the longest waiting first'),
    failed_jobs: z
      .object({
        count: z.number().int().describe('Failed jobs kept in the queues'),
        results: z.array(ZDashboardFailedJob).describe('The latest failed jobs'),
      })
      .nullable()
      .describe('Failed background jobs; null for unit staff (jobs concern the whole organisation) or when the queues cannot be read'),
  })
  .meta({ id: 'Dashboard' });
export type TDashboard = z.output<typeof ZDashboard>;
export type TDashboardFigures = Omit<TDashboard, 'failed_jobs'>;

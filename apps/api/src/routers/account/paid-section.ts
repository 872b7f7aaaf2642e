import { HttpDarujmeClient, type PaidSectionOptions } from '@klub/domain';
import type { Env } from '@klub/config';

/** The thresholds and, when `DARUJME_ENABLED`, the Darujme client of the paid-section check (api.md §6.4, §13). */
export function paidSectionOptions(env: Env): PaidSectionOptions {
  return {
    sumLastMonth: env.SUM_LAST_MONTH_PAYMENTS,
    sumLastYear: env.SUM_LAST_YEAR_PAYMENTS,
    ...(env.DARUJME_ENABLED ? { darujme: new HttpDarujmeClient(env.DARUJME_URL, 10_000) } : {}),
  };
}

import type { EntityManager } from '@mikro-orm/postgresql';
import { PEOPLE_MSG, pragueToday } from '@klub/contracts';
import { NotFound } from '../errors.js';
import { execute } from '../sql.js';
import { addDays } from './calendar.js';
import type { DarujmeClient } from './darujme/client.js';

/** Darujme transaction states that count as paid (jobs.md §5.3). */
const PAID_STATES = new Set(['success', 'sent_to_organization', 'success_money_on_account']);

export interface PaidSectionOptions {
  /** `SUM_LAST_MONTH_PAYMENTS` / `SUM_LAST_YEAR_PAYMENTS` (api.md §13). */
  sumLastMonth: number;
  sumLastYear: number;
  /** The Darujme fallback; pass it only when `DARUJME_ENABLED`. */
  darujme?: DarujmeClient;
  /** `YYYY-MM-DD`; default: today in Europe/Prague. */
  today?: string;
}

/**
 * A member's payments of the last 40 and 375 days (`?` 1: the day 40 days ago, 2: 375 days ago,
 * 3: the profile id); also run by the API's hot read path (apps/api/src/reads/).
 */
export const PAID_SUMS_SQL = `select coalesce(sum(p.amount) filter (where p.date >= ?), 0) as month,
            coalesce(sum(p.amount) filter (where p.date >= ?), 0) as year
       from payment p join donor_payment_channel c on c.id = p.user_donor_payment_channel_id
      where c.user_id = ?`;

/** The dates `PAID_SUMS_SQL` compares with, for `today`. */
export function paidSumsSince(today: string): [string, string] {
  return [addDays(today, -40), addDays(today, -375)];
}

/**
 * "Is this user a paying member?" (api.md §6.4; also guards PDF downloads, §10.2): staff always;
 * else the sum of all their payments (any type) of the last 40 days reaches the monthly
 * threshold, or of the last 375 days the yearly one; else, with Darujme enabled, a successful
 * pledge under their primary e-mail for one of their Darujme channels that has no payments yet.
 * Frequencies and amounts of the channels play no role (D38). A Darujme answer other than 200
 * is the contract's 404 "Can not connect to Darujme to check payment".
 */
export async function isPaidMember(em: EntityManager, user: { id: number; isStaff: boolean }, o: PaidSectionOptions): Promise<boolean> {
  if (user.isStaff) return true;
  const today = o.today ?? pragueToday();
  const [sums] = await execute<Array<{ month: string; year: string }>>(
    em,
    PAID_SUMS_SQL,
    [...paidSumsSince(today), user.id],
  );
  if (Number(sums?.month ?? 0) >= o.sumLastMonth || Number(sums?.year ?? 0) >= o.sumLastYear) return true;
  if (!o.darujme) return false;

  const channels = await execute<
    Array<{ registered: string; organizationId: number | null; apiId: number | null; apiSecret: string | null; projectId: number | null; email: string | null }>
  >(
    em,
    `select to_char(c.registered_support at time zone 'Europe/Prague', 'YYYY-MM-DD') as registered,
            m.api_organization_id as "organizationId", m.api_id as "apiId", m.api_secret as "apiSecret",
            m.project_id as "projectId", p.email
       from donor_payment_channel c
       join money_account m on m.id = c.money_account_id
       join profile p on p.id = c.user_id
      where c.user_id = ? and m.kind = 'api'
        and not exists (select 1 from payment x where x.user_donor_payment_channel_id = c.id and x.amount <> 0)
      order by c.id`,
    [user.id],
  );
  for (const c of channels) {
    if (c.organizationId === null || c.apiId === null || c.projectId === null) continue;
    let pledges;
    try {
      pledges = await o.darujme.pledges({
        apiOrganizationId: c.organizationId,
        apiId: c.apiId,
        apiSecret: c.apiSecret ?? '',
        projectId: c.projectId,
        fromPledgedDate: c.registered,
      });
    } catch {
      throw new NotFound(PEOPLE_MSG.darujmeUnreachable);
    }
    const paid = pledges.some((p) => c.email !== null && p.donor.email === c.email && p.transactions.some((t) => PAID_STATES.has(t.state)));
    if (paid) return true;
  }
  return false;
}

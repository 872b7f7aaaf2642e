import type { EntityManager } from '@mikro-orm/postgresql';
import { BUSINESS_TZ } from '@klub/contracts';
import { execute } from '../sql.js';

/** Days of bank processing tolerated after the expected date (jobs.md §5.2). */
export const PAYMENT_TOLERANCE_DAYS = 10;

export type PaymentCheckScope =
  | { kind: 'all' }
  /** The channels that have payments in one account statement (after an import). */
  | { kind: 'statement'; accountStatementId: number }
  | { kind: 'channels'; ids: number[] };

export interface PaymentCheckOptions {
  /** `YYYY-MM-DD`; default: today in Europe/Prague. */
  today?: string;
  scope?: PaymentCheckScope;
}

export interface PaymentCheckResult {
  /** Channels whose stored values changed. */
  updated: number;
  /** Channels that became late / came back to current (rows added to payment_status_change). */
  becameLate: number;
  becameCurrent: number;
}

/**
 * The payment check (jobs.md §5.2, domain.md §3.3.2) in one set-based statement: per channel,
 * the payment aggregates (count, total, last payment), the expected date of the next regular
 * payment and whether it is late (expected + 10 days < today). Only rows whose values change are
 * written; channels that became late (`late`) or came back (`current`) get a payment_status_change
 * row in the same statement, so they can be listed and e-mailed.
 *
 * Expected date: NULL unless `regular_payments = 'regular'`; with payments, last payment + the
 * frequency's days (NULL when the frequency is unknown), or the expected first payment when that
 * is later; without payments, expected first payment + 3 days, else registered support + 31 days.
 */
export async function checkPayments(em: EntityManager, options: PaymentCheckOptions = {}): Promise<PaymentCheckResult> {
  const scope = options.scope ?? { kind: 'all' };
  let channelFilter = '';
  let paymentFilter = '';
  const scopeParams: unknown[] = [];
  if (scope.kind === 'statement') {
    channelFilter = `and c.id in (select s.user_donor_payment_channel_id from payment s
                                   where s.account_statement_id = ? and s.user_donor_payment_channel_id is not null)`;
    paymentFilter = `and p.user_donor_payment_channel_id in (select s.user_donor_payment_channel_id from payment s
                                   where s.account_statement_id = ? and s.user_donor_payment_channel_id is not null)`;
    scopeParams.push(scope.accountStatementId);
  } else if (scope.kind === 'channels') {
    if (scope.ids.length === 0) return { updated: 0, becameLate: 0, becameCurrent: 0 };
    channelFilter = 'and c.id in (?)';
    paymentFilter = 'and p.user_donor_payment_channel_id in (?)';
    scopeParams.push(scope.ids);
  }
  const today = options.today ? '?::date' : `(now() at time zone '${BUSINESS_TZ}')::date`;
  const todayParams = options.today ? [options.today] : [];
  const [row] = await execute<Array<{ updated: string; late: string; current: string }>>(
    em,
    `with agg as (
       select p.user_donor_payment_channel_id as cid, count(*)::int as n, sum(p.amount)::float8 as total,
              max(p.date) as last_date
         from payment p
        where p.user_donor_payment_channel_id is not null ${paymentFilter}
        group by 1
     ), base as (
       select c.id, c.is_late as was_late, c.regular_payments, c.expected_date_of_first_payment as first_date,
              coalesce(a.n, 0) as n, coalesce(a.total, 0) as total, a.last_date,
              case c.regular_frequency when 'monthly' then 31 when 'quaterly' then 92
                                       when 'biannually' then 183 when 'annually' then 366 end as freq_days,
              (c.registered_support at time zone '${BUSINESS_TZ}')::date as registered_date
         from donor_payment_channel c
         left join agg a on a.cid = c.id
        where true ${channelFilter}
     ), calc as (
       select b.*,
              case
                when b.regular_payments <> 'regular' then null
                when b.last_date is not null then
                  case when b.freq_days is null then null
                       else greatest(b.last_date + b.freq_days, b.first_date) end
                when b.first_date is not null then b.first_date + 3
                else b.registered_date + 31
              end as expected,
              case when b.last_date is null then null else
                (select p.id from payment p where p.user_donor_payment_channel_id = b.id
                  order by p.date desc, p.id desc limit 1) end as last_id
         from base b
     ), result as (
       select calc.*, case when expected is null then null
                           else expected + ${PAYMENT_TOLERANCE_DAYS} < ${today} end as late
         from calc
     ), upd as (
       update donor_payment_channel c
          set expected_regular_payment_date = r.expected, is_late = r.late,
              number_of_payments = r.n, payment_total = r.total, last_payment_id = r.last_id
         from result r
        where c.id = r.id
          and (c.expected_regular_payment_date, c.is_late, c.number_of_payments, c.payment_total, c.last_payment_id)
              is distinct from (r.expected, r.late, r.n, r.total, r.last_id)
        returning c.id, r.was_late, r.late, r.expected
     ), changes as (
       insert into payment_status_change (donor_payment_channel_id, state, expected_regular_payment_date, detected_at)
       select u.id, case when u.late then 'late' else 'current' end, u.expected, now()
         from upd u
        where (u.late is true and u.was_late is not true) or (u.late is false and u.was_late is true)
       returning state
     )
     select (select count(*) from upd) as updated,
            (select count(*) from changes where state = 'late') as late,
            (select count(*) from changes where state = 'current') as current`,
    [...scopeParams, ...scopeParams, ...todayParams],
  );
  return {
    updated: Number(row?.updated ?? 0),
    becameLate: Number(row?.late ?? 0),
    becameCurrent: Number(row?.current ?? 0),
  };
}

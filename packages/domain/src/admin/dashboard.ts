import type { EntityManager } from '@mikro-orm/postgresql';
import { BUSINESS_TZ, DASHBOARD_LATE_LIMIT, DASHBOARD_MONTHS, formatDateTime, type TDashboardFigures } from '@klub/contracts';
import { execute } from '../sql.js';
import { PERSON_DISPLAY_NAME_SQL } from './people-search.js';
import { donorPaymentChannelsAdmin } from './resources/donor-payment-channels.js';
import { moneyAccountsAdmin } from './resources/money-accounts.js';
import { paymentsAdmin } from './resources/simple.js';
import { scopePredicate, type StaffAccess } from './unit-scope.js';

const and = (predicate: string | null) => (predicate ? ` and ${predicate}` : '');

interface Row {
  months: Array<{ month: string; members: number; income: number | string }>;
  late_count: string | number;
  late: Array<{
    channel: number;
    VS: string | null;
    profile: number;
    name: string;
    regular_amount: number | null;
    regular_frequency: string | null;
    expected_regular_payment_date: string | null;
    became_late: string;
  }>;
  accounts: Array<{
    id: number;
    slug: string | null;
    bank_account_number: string | null;
    administrative_unit: number;
    last_import: string | null;
    last_date_to: string | null;
    days_since: number | null;
  }>;
}

/**
 * The dashboard's figures (issue 18 screen 1) in one statement, each part limited to what
 * `access` reaches by the same declarations as the admin lists (payments, donor channels, money
 * accounts), so unit staff see the figures of their units only:
 *
 * - per month of the last 24 (Europe/Prague calendar): the income (every payment with an amount,
 *   paired or not) and the paying members (distinct donors with a paired payment);
 * - the regular donations that became late this month (a `late` payment_status_change since the
 *   1st, written by the payment check) and are still late;
 * - per bank account, its last imported statement (a statement's account is the recipient of its
 *   payments) and the days since.
 */
export async function dashboardFigures(em: EntityManager, access: StaffAccess): Promise<TDashboardFigures> {
  const tz = `'${BUSINESS_TZ}'`;
  const [row] = await execute<Row[]>(
    em,
    `with bounds as (
       select date_trunc('month', now() at time zone ${tz})::date as this_month, (now() at time zone ${tz})::date as today
     ), months as (
       select generate_series(b.this_month - interval '${DASHBOARD_MONTHS - 1} months', b.this_month, interval '1 month')::date as month
         from bounds b
     ), paid as (
       select date_trunc('month', pay.date)::date as month, sum(pay.amount) as income, count(distinct c.user_id) as members
         from payment pay left join donor_payment_channel c on c.id = pay.user_donor_payment_channel_id
        where pay.date >= (select min(month) from months) and pay.amount > 0${and(scopePredicate(paymentsAdmin.units, access, 'pay'))}
        group by 1
     ), late as (
       select distinct on (c.id) c.id as channel, c.vs as "VS", c.user_id as profile, ${PERSON_DISPLAY_NAME_SQL} as name,
              c.regular_amount, c.regular_frequency, to_char(c.expected_regular_payment_date, 'YYYY-MM-DD') as expected_regular_payment_date,
              ch.detected_at as became_late
         from payment_status_change ch
         join donor_payment_channel c on c.id = ch.donor_payment_channel_id
         join profile p on p.id = c.user_id
        where ch.state = 'late' and c.is_late
          and ch.detected_at >= ((select this_month from bounds)::timestamp at time zone ${tz})${and(scopePredicate(donorPaymentChannelsAdmin.units, access, 'c'))}
        order by c.id, ch.detected_at desc
     ), statements as (
       select s.import_date, s.date_to,
              (select pay.recipient_account_id from payment pay
                where pay.account_statement_id = s.id and pay.recipient_account_id is not null limit 1) as account_id
         from account_statement s
        where s.status = 'done' and s.type <> 'darujme'
     ), accounts as (
       select ma.id, ma.slug, ma.bank_account_number, ma.administrative_unit_id as administrative_unit,
              max(st.import_date) as last_import, to_char(max(st.date_to), 'YYYY-MM-DD') as last_date_to,
              (select today from bounds) - (max(st.import_date) at time zone ${tz})::date as days_since
         from money_account ma left join statements st on st.account_id = ma.id
        where ma.kind = 'bank'${and(scopePredicate(moneyAccountsAdmin.units, access, 'ma'))}
        group by ma.id
     )
     select
       (select json_agg(json_build_object('month', to_char(m.month, 'YYYY-MM-DD'), 'members', coalesce(pd.members, 0),
                                          'income', coalesce(pd.income, 0)) order by m.month)
          from months m left join paid pd on pd.month = m.month) as months,
       (select count(*) from late) as late_count,
       (select coalesce(json_agg(l order by l.became_late desc, l.channel), '[]')
          from (select * from late order by became_late desc, channel limit ${DASHBOARD_LATE_LIMIT}) l) as late,
       (select coalesce(json_agg(a order by a.days_since desc nulls first, a.id), '[]') from accounts a) as accounts`,
  );
  if (!row) throw new Error('the dashboard statement answered no row');
  const instant = (value: string | null) => (value === null ? null : formatDateTime(new Date(value)));
  return {
    months: row.months.map((m) => ({ month: m.month, members: Number(m.members), income: Number(m.income) })),
    late_this_month: {
      count: Number(row.late_count),
      results: row.late.map((l) => ({ ...l, became_late: instant(l.became_late) ?? '' })),
    },
    accounts: row.accounts.map((a) => ({ ...a, last_import: instant(a.last_import) })),
  };
}

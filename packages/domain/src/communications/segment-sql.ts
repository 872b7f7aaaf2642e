import { BUSINESS_TZ, type SegmentConditionType, type TDayRef, type TPeriod, type TSegmentCondition, type TSegmentRule } from '@klub/contracts';
import { join, raw, sql, type Sql } from '../sql-fragment.js';

/**
 * Segments compiled to SQL (issue 19 §1): each condition of `@klub/contracts`
 * SEGMENT_CONDITIONS has exactly one predicate here, over the profile row `p`; the rule tree
 * becomes `and` / `or` / `not` of them, so a whole segment is one parameterised statement. Every
 * value the user gave travels as a bind parameter; only the fixed SQL text below is inlined.
 *
 * Sums and counts are written as `p.id in (select … group by … having …)`
 * rather than correlated sub-queries: PostgreSQL then makes one pass over the payments for the
 * whole segment (a hashed semi-join) instead of one index probe per person.
 */

export interface SegmentSqlOptions {
  /** The day `days_ago` and "late" are counted from (`YYYY-MM-DD`); default today in Prague. */
  today?: string;
}

type Ctx = { today: Sql };

const day = (ref: TDayRef, ctx: Ctx): Sql =>
  typeof ref === 'string' ? sql`${ref}::date` : sql`(${ctx.today} - ${ref.days_ago}::int)`;

/** `column` (a date or timestamp expression) within the period, compared as calendar days. */
function inPeriod(column: Sql, period: TPeriod | undefined, ctx: Ctx): Sql[] {
  const out: Sql[] = [];
  if (period?.from !== undefined) out.push(sql`${column} >= ${day(period.from, ctx)}`);
  if (period?.to !== undefined) out.push(sql`${column} <= ${day(period.to, ctx)}`);
  return out;
}

const and = (parts: Sql[]): Sql => (parts.length ? join(parts, ' and ') : raw('true'));

/** A payment of the person's donations: `pay` joined to its channel `d`, with extra conditions. */
function payments(unit: number | undefined, extra: Sql[]): Sql {
  const where = [raw('true'), ...(unit === undefined ? [] : [sql`d.administrative_unit_id = ${unit}`]), ...extra];
  return sql`from payment pay join donor_payment_channel d on d.id = pay.user_donor_payment_channel_id where ${and(where)}`;
}

/** The person has a payment meeting `extra` (a correlated EXISTS, which PostgreSQL plans as a semi- or anti-join). */
function paid(unit: number | undefined, extra: Sql[]): Sql {
  const where = [raw('d.user_id = p.id'), ...(unit === undefined ? [] : [sql`d.administrative_unit_id = ${unit}`]), ...extra];
  return sql`exists (select 1 from donor_payment_channel d join payment pay on pay.user_donor_payment_channel_id = d.id where ${and(where)})`;
}

/** People whose aggregate `agg` over their payments lies in min…max; those without any count as 0 / none. */
function aggregateInRange(agg: Sql, min: number | undefined, max: number | undefined, from: Sql): Sql {
  if (min !== undefined && min > 0) {
    const having = [sql`${agg} >= ${min}`, ...(max === undefined ? [] : [sql`${agg} <= ${max}`])];
    return sql`p.id in (select d.user_id ${from} group by d.user_id having ${and(having)})`;
  }
  // Zero qualifies: exclude those above max (none when there is no max).
  if (max === undefined) return raw('true');
  return sql`p.id not in (select d.user_id ${from} group by d.user_id having ${agg} > ${max})`;
}

const activeRegular = (unit: number | undefined, ctx: Ctx, extra: Sql[] = []): Sql =>
  sql`p.id in (select d.user_id from donor_payment_channel d where ${and([
    raw(`d.regular_payments = 'regular'`),
    sql`(d.end_of_regular_payments is null or d.end_of_regular_payments >= ${ctx.today})`,
    ...(unit === undefined ? [] : [sql`d.administrative_unit_id = ${unit}`]),
    ...extra,
  ])})`;

const interactionOfType = (slug: string, event: number): Sql =>
  sql`p.id in (select i.user_id from interaction i join interaction_type t on t.id = i.type_id
                where t.slug = ${slug} and i.event_id = ${event})`;

/** Days a regular payment is overdue: today − (expected + tolerance), as in payments.check. */
const delay = (ctx: Ctx): Sql => sql`(${ctx.today} - (d.expected_regular_payment_date + 10))`;

type Compilers = { [K in SegmentConditionType]: (c: Extract<TSegmentCondition, { type: K }>, ctx: Ctx) => Sql };

const CONDITIONS: Compilers = {
  donated_total: (c, ctx) => aggregateInRange(raw('sum(pay.amount)'), c.min, c.max, payments(c.unit, inPeriod(raw('pay.date'), c.period, ctx))),
  payment_count: (c, ctx) => aggregateInRange(raw('count(*)'), c.min, c.max, payments(c.unit, inPeriod(raw('pay.date'), c.period, ctx))),
  // "The last payment is after A" is "some payment is after A"; "before B" is "some payment, none
  // on or after B": range conditions the date index answers, where max(date) would read them all.
  last_payment: (c, ctx) =>
    and([
      paid(c.unit, c.after === undefined ? [] : [sql`pay.date > ${day(c.after, ctx)}`]),
      ...(c.before === undefined ? [] : [sql`not ${paid(c.unit, [sql`pay.date >= ${day(c.before, ctx)}`])}`]),
    ]),
  // The first payment is in [from, to]: some payment in it and none before `from`.
  first_payment: (c, ctx) =>
    and([
      paid(c.unit, inPeriod(raw('pay.date'), c.period, ctx)),
      ...(c.period.from === undefined ? [] : [sql`not ${paid(c.unit, [sql`pay.date < ${day(c.period.from, ctx)}`])}`]),
    ]),
  active_regular_donation: (c, ctx) => activeRegular(c.unit, ctx),
  regular_donation_late: (c, ctx) =>
    activeRegular(c.unit, ctx, [
      raw('d.expected_regular_payment_date is not null'),
      sql`${delay(ctx)} > 0`,
      ...(c.days?.min === undefined ? [] : [sql`${delay(ctx)} >= ${c.days.min}`]),
      ...(c.days?.max === undefined ? [] : [sql`${delay(ctx)} <= ${c.days.max}`]),
    ]),
  regular_payment_ok: (c, ctx) =>
    activeRegular(c.unit, ctx, [raw('d.expected_regular_payment_date is not null'), sql`${delay(ctx)} <= 0`]),
  frequency: (c, ctx) => activeRegular(c.unit, ctx, [sql`d.regular_frequency in (${c.frequency})`]),
  regular_amount: (c, ctx) =>
    activeRegular(c.unit, ctx, [
      raw('d.regular_amount is not null'),
      ...(c.min === undefined ? [] : [sql`d.regular_amount >= ${c.min}`]),
      ...(c.max === undefined ? [] : [sql`d.regular_amount <= ${c.max}`]),
    ]),
  unit_member: (c) =>
    sql`p.id in (select m.profile_id from profile_administrative_units m where m.administrative_unit_id = ${c.unit})`,
  event_registered: (c) => interactionOfType('event_registration', c.event),
  event_attended: (c) => interactionOfType('event_attendance', c.event),
  interaction: (c, ctx) =>
    sql`p.id in (select i.user_id from interaction i where ${and([
      sql`i.type_id = ${c.interaction_type}`,
      ...inPeriod(raw(`(i.date_from at time zone '${BUSINESS_TZ}')::date`), c.period, ctx),
    ])})`,
  mailing_consent: (c) =>
    sql`p.id in (select pr.user_id from preference pr where pr.administrative_unit_id = ${c.unit} and pr.send_mailing_lists)`,
  has_email: () => raw(`coalesce(p.email, '') <> ''`),
  language: (c) => sql`p.language in (${c.language})`,
  sex: (c) => sql`p.sex in (${c.sex})`,
  age: (c, ctx) => {
    const age = sql`(extract(year from ${ctx.today})::int - p.age_group)`;
    return and([
      raw('p.age_group is not null'),
      ...(c.min === undefined ? [] : [sql`${age} >= ${c.min}`]),
      ...(c.max === undefined ? [] : [sql`${age} <= ${c.max}`]),
    ]);
  },
  city: (c) => sql`lower(p.city) = lower(${c.city})`,
  created: (c, ctx) => and(inPeriod(raw(`(coalesce(p.created, p.date_joined) at time zone '${BUSINESS_TZ}')::date`), c.period, ctx)),
};

function compile(rule: TSegmentRule, ctx: Ctx): Sql {
  if ('all' in rule) return sql`(${join(rule.all.map((r) => compile(r, ctx)), ' and ')})`;
  if ('any' in rule) return sql`(${join(rule.any.map((r) => compile(r, ctx)), ' or ')})`;
  if ('not' in rule) return sql`not coalesce(${compile(rule.not, ctx)}, false)`;
  const build = CONDITIONS[rule.type] as (c: TSegmentCondition, ctx: Ctx) => Sql;
  return sql`(${build(rule, ctx)})`;
}

/** The predicate of `rule` over the profile row `p` (any `from profile p …` statement may use it). */
export function segmentPredicate(rule: TSegmentRule, options: SegmentSqlOptions = {}): Sql {
  const today = options.today ? sql`${options.today}::date` : raw(`(now() at time zone '${BUSINESS_TZ}')::date`);
  return compile(rule, { today });
}

/** `select p.id from profile p where …`: the members' ids, for `in (…)` and set-based inserts. */
export function segmentIds(rule: TSegmentRule, options: SegmentSqlOptions = {}): Sql {
  return sql`select p.id from profile p where ${segmentPredicate(rule, options)}`;
}

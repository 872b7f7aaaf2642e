import { z } from 'zod';
import { LANGUAGE, REGULAR_FREQUENCY, SEX } from '../choices.js';

/**
 * The named conditions a segment is built from (issue 19 §1), each with its parameter schema.
 * Each has exactly one SQL predicate in `@klub/domain` (communications/segment-sql.ts); a
 * condition type missing there is a compile error.
 */

const id = z.number().int().positive();
const money = z.number().int().min(0);

/** A calendar day: `YYYY-MM-DD`, or `{ days_ago: N }` counted from the day the segment is evaluated. */
export const ZDayRef = z
  .union([z.iso.date(), z
      .object({
        days_ago: z
          .number()
          .int()
          .min(0)
          .max(36_500)
          .describe('Days before the day of evaluation (Europe/Prague): 0 is that day, 1 the day before, …'),
      })
      .strict()])
  .meta({ id: 'SegmentDay', description: 'A date `YYYY-MM-DD`, or `{"days_ago": N}` relative to the day of evaluation' });
export type TDayRef = z.infer<typeof ZDayRef>;

/** Both ends included; either may be left out. */
export const ZPeriod = z
  .object({ from: ZDayRef.optional(), to: ZDayRef.optional() })
  .strict()
  .meta({ id: 'SegmentPeriod', description: 'Days from `from` to `to`, both included; an end left out is open' });
export type TPeriod = z.infer<typeof ZPeriod>;

/** `min` and `max`, both included; one left out is no bound on that side. */
const range = <T extends z.ZodType>(value: T, min: string, max: string) =>
  z.object({ min: value.optional().describe(min), max: value.optional().describe(max) }).strict();

const condition = <const T extends string, S extends z.ZodRawShape>(type: T, shape: S, description: string) =>
  z
    .object({ type: z.literal(type).describe(`Always \`${type}\`: names the condition`), ...shape })
    .strict()
    .describe(description);

const onlyUnit = { unit: id.optional().describe('Only donations through this administrative unit') };

export const SEGMENT_CONDITIONS = {
  donated_total: condition(
    'donated_total',
    {
      ...range(
        money,
        'Lowest sum, whole CZK, included; left out or 0 also selects people without payments',
        'Highest sum, whole CZK, included; left out: no upper bound',
      ).shape,
      period: ZPeriod.optional(),
      ...onlyUnit,
    },
    'Sum of the payments paired to the person’s donations (in the period) is within min…max (0 when none)',
  ),
  payment_count: condition(
    'payment_count',
    {
      ...range(
        z.number().int().min(0),
        'Fewest payments, included; left out or 0 also selects people without payments',
        'Most payments, included; left out: no upper bound',
      ).shape,
      period: ZPeriod.optional(),
      ...onlyUnit,
    },
    'Number of paired payments (in the period) is within min…max',
  ),
  last_payment: condition(
    'last_payment',
    { before: ZDayRef.optional(), after: ZDayRef.optional(), ...onlyUnit },
    'The person has paid, and the last payment’s day is before `before` / after `after` (exclusive)',
  ),
  first_payment: condition('first_payment', { period: ZPeriod, ...onlyUnit }, 'The person’s first payment falls in the period'),
  active_regular_donation: condition(
    'active_regular_donation',
    { ...onlyUnit },
    'Has a regular donation that has not ended (regular_payments = regular, no end date in the past)',
  ),
  regular_donation_late: condition(
    'regular_donation_late',
    {
      days: range(
        z.number().int().min(0),
        'Shortest delay in days, included',
        'Longest delay in days, included',
      )
        .optional()
        .describe('Bounds on the delay: days past the expected payment day plus the 10 days of tolerance; left out: any delay'),
      ...onlyUnit,
    },
    'Has a regular donation whose payment is overdue (domain.md §3.3.2: expected day + 10 days of tolerance); ' +
      '`days` bounds the delay in days',
  ),
  regular_payment_ok: condition(
    'regular_payment_ok',
    { ...onlyUnit },
    'Has a regular donation whose payments are up to date (the fixture’s “Pravidelné platby v pořádku”)',
  ),
  frequency: condition(
    'frequency',
    {
      frequency: z
        .array(z.enum(REGULAR_FREQUENCY))
        .min(1)
        .describe('One or more of `monthly`, `quaterly`, `biannually`, `annually`'),
      ...onlyUnit,
    },
    'Has an active regular donation of one of these frequencies',
  ),
  regular_amount: condition(
    'regular_amount',
    {
      ...range(
        money,
        'Lowest amount per period, whole CZK, included; left out: no lower bound',
        'Highest amount per period, whole CZK, included; left out: no upper bound',
      ).shape,
      ...onlyUnit,
    },
    'Has an active regular donation whose regular amount is within min…max',
  ),
  unit_member: condition('unit_member', { unit: id.describe('Id of the administrative unit') }, 'Is a member of the administrative unit'),
  event_registered: condition('event_registered', { event: id.describe('Id of the event') }, 'Registered for the event (an event_registration interaction)'),
  event_attended: condition('event_attended', { event: id.describe('Id of the event') }, 'Attended the event (an event_attendance interaction)'),
  interaction: condition(
    'interaction',
    { interaction_type: id.describe('Id of the interaction type'), period: ZPeriod.optional() },
    'Has an interaction of this type (dated in the period)',
  ),
  mailing_consent: condition(
    'mailing_consent',
    { unit: id.describe('Id of the administrative unit whose mailings the person must agree to') },
    'Agrees to mailings from the unit (the preference `send_mailing_lists` of that unit is on)',
  ),
  has_email: condition('has_email', {}, 'Has an e-mail address'),
  language: condition('language', { language: z.array(z.enum(LANGUAGE)).min(1).describe('One or more of `cs`, `en` (the profile’s language)') }, 'Speaks one of these languages'),
  sex: condition('sex', { sex: z.array(z.enum(SEX)).min(1).describe('One or more of `male`, `female`, `unknown`') }, 'Is of one of these sexes'),
  age: condition(
    'age',
    range(
      z.number().int().min(0).max(150),
      'Youngest age in years, included; left out: no lower bound',
      'Oldest age in years, included; left out: no upper bound',
    ).shape,
    'Age in years within min…max, from the birth year (people without one never match)',
  ),
  city: condition('city', { city: z.string().trim().min(1).max(40).describe('City name as on the profile, compared ignoring case (not accents)') }, 'Lives in the city (case ignored)'),
  created: condition('created', { period: ZPeriod }, 'The profile was created in the period'),
} as const;

export type SegmentConditionType = keyof typeof SEGMENT_CONDITIONS;
export type TSegmentCondition = { [K in SegmentConditionType]: z.infer<(typeof SEGMENT_CONDITIONS)[K]> }[SegmentConditionType];

export const ZSegmentCondition = z
  .discriminatedUnion(
    'type',
    Object.values(SEGMENT_CONDITIONS) as unknown as [
      (typeof SEGMENT_CONDITIONS)[SegmentConditionType],
      ...Array<(typeof SEGMENT_CONDITIONS)[SegmentConditionType]>,
    ],
  )
  .meta({ id: 'SegmentCondition' }) as z.ZodType<TSegmentCondition>;

/** A rule tree: every / any of the children, the negation of one, or a condition. */
export type TSegmentRule = { all: TSegmentRule[] } | { any: TSegmentRule[] } | { not: TSegmentRule } | TSegmentCondition;

/** Deep enough for any real selection; keeps one compiled statement small. */
export const SEGMENT_RULE_MAX_NODES = 200;

export const ZSegmentRule: z.ZodType<TSegmentRule> = z
  .lazy(() =>
    z.union([
      z.object({ all: z.array(ZSegmentRule).min(1).describe('Every one of these rules holds (AND); at least one') }).strict(),
      z.object({ any: z.array(ZSegmentRule).min(1).describe('At least one of these rules holds (OR); at least one') }).strict(),
      z.object({ not: ZSegmentRule }).strict(),
      ZSegmentCondition,
    ]),
  )
  .meta({ id: 'SegmentRule', description: '`{"all": [...]}`, `{"any": [...]}`, `{"not": rule}` or a condition `{"type": …, …}`' });

/** Nodes of a tree (conditions and combinators), for the size limit. */
export function segmentRuleSize(rule: TSegmentRule): number {
  if ('all' in rule) return 1 + rule.all.reduce((n, r) => n + segmentRuleSize(r), 0);
  if ('any' in rule) return 1 + rule.any.reduce((n, r) => n + segmentRuleSize(r), 0);
  if ('not' in rule) return 1 + segmentRuleSize(rule.not);
  return 1;
}

export const ZSegmentRuleChecked = ZSegmentRule.refine((r) => segmentRuleSize(r) <= SEGMENT_RULE_MAX_NODES, {
  message: `A segment has at most ${SEGMENT_RULE_MAX_NODES} conditions and combinations.`,
});

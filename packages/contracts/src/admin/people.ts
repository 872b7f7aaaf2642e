import { z } from 'zod';
import { field } from '../fields.js';
import { ZOrderingParam, ZPageQuery } from '../pagination.js';
import { adminProfiles } from './profiles.js';

/**
 * `GET /api/admin/people/` (issue 18, the back office's people list): profiles found by name,
 * e-mail, phone or VS, filtered by what an office looks for (unit, regular donation, late,
 * last payment, consent to mailings), with what the list shows of their donations.
 */

export const PEOPLE_ORDERING = [
  'id',
  'last_name',
  'first_name',
  'email',
  'date_joined',
  'last_payment_date',
  'payment_total',
] as const;
export type PeopleOrdering = (typeof PEOPLE_ORDERING)[number];

export const ZPeopleQuery = z.object({
  ...ZPageQuery.shape,
  ordering: ZOrderingParam(PEOPLE_ORDERING).optional(),
  search: adminProfiles.ZListQuery.shape.search.describe(
    'Words that must all match (case and accents ignored): each in a name, nickname, username, company name or IČO, ' +
      'in any of the person’s e-mail addresses, in a telephone number (digits only, 3 or more), or equal to a variable symbol',
  ),
  administrative_unit: field.pk({ description: 'Only members of this administrative unit (an id)' }).optional(),
  regular: field
    .boolean({ description: 'true: only people with a running regular donation; false: only people without one' })
    .optional(),
  late: field
    .boolean({
      description: 'true: only people with a regular donation that is late; false: only people with none late',
    })
    .optional(),
  last_payment_from: field.date({ description: 'Only people whose last payment is on or after this date' }).optional(),
  last_payment_to: field.date({ description: 'Only people whose last payment is on or before this date' }).optional(),
  mailing_consent: field
    .boolean({
      description:
        'true: only people who accept mailings in some unit (`send_mailing_lists`); false: only people who accept none',
    })
    .optional(),
});
export type TPeopleQuery = z.output<typeof ZPeopleQuery>;

export const ZPersonRow = z
  .object({
    id: z.number().int().describe('Profile id'),
    kind: z.string().describe('user or company'),
    first_name: z.string().describe('First name'),
    last_name: z.string().describe('Last name'),
    name: z.string().nullable().describe('Company name'),
    email: z.string().nullable().describe('Primary e-mail'),
    telephone: z.string().nullable().describe('Primary telephone'),
    city: z.string().describe('City'),
    administrative_units: z.array(z.number().int()).describe('Ids of the units the person is a member of'),
    variable_symbols: z.array(z.string()).describe('VS of every payment channel'),
    regular: z.boolean().describe('Has a running regular donation'),
    late: z.boolean().describe('A regular donation is late'),
    last_payment_date: z.string().nullable().describe('Date of the last payment on any channel'),
    payment_total: z.number().describe('Sum of all payments on every channel (CZK)'),
    date_joined: z.string().describe('Joined'),
  })
  .meta({ id: 'AdminPersonRow', description: 'A person as the back office’s people list shows them' });
export type TPersonRow = z.infer<typeof ZPersonRow>;

export const ZPersonPreference = z
  .object({
    id: z.number().int().describe('preference id'),
    administrative_unit: z.number().int().describe('Administrative unit id'),
    newsletter_on: z.boolean().nullable().describe('Wants the newsletter'),
    call_on: z.boolean().nullable().describe('May be called'),
    challenge_on: z.boolean().nullable().describe('Takes part in challenges'),
    letter_on: z.boolean().nullable().describe('Wants letters'),
    send_mailing_lists: z.boolean().nullable().describe('Accepts mailings'),
    public: z.boolean().nullable().describe('May be shown publicly'),
  })
  .meta({ id: 'AdminPersonPreference', description: 'A person’s preferences in one administrative unit' });
export type TPersonPreference = z.infer<typeof ZPersonPreference>;

/** `GET /api/admin/people/names/?id=1&id=2`: display names of many people in one read (lists of ids). */
export const PEOPLE_NAMES_MAX = 200;
export const ZPeopleNamesQuery = z.object({
  id: field.list(field.pk({ description: 'A profile id' }), {
    description: `Profile ids (repeat the parameter), at most ${PEOPLE_NAMES_MAX}; ids the caller cannot see are left out`,
  }),
});
export const ZPersonName = z
  .object({
    id: z.number().int().describe('Profile id'),
    name: z.string().describe('Display name: first and last name, else the company name, else the primary e-mail, else `#id`'),
    first_name: z.string().describe('First name'),
    last_name: z.string().describe('Last name'),
    email: z.string().nullable().describe('Primary e-mail (else the first one)'),
  })
  .meta({ id: 'AdminPersonName' });
export type TPersonName = z.infer<typeof ZPersonName>;

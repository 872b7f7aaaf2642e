import { z } from 'zod';
import { a, defineAdminResource } from './define.js';
import { LANGUAGE, PROFILE_KIND, PROFILE_ROLE, SEX } from '../choices.js';

const ZProfileEmailRow = z
  .object({
    id: z.number().int().describe('profile_email id'),
    email: z.string().describe('Address (lower case)'),
    is_primary: z.boolean().describe('The primary address (mirrored into `email`)'),
    note: z.string().nullable().describe('Note'),
  })
  .meta({ id: 'AdminProfileEmail' });

const ZTelephoneRow = z
  .object({
    id: z.number().int().describe('telephone id'),
    telephone: z.string().describe('Number'),
    is_primary: z.boolean().describe('The primary number'),
    note: z.string().describe('Note'),
  })
  .meta({ id: 'AdminTelephone' });

/**
 * `/api/admin/profiles/` (domain.md §2.1): users and companies. `email` and `telephone` set the
 * primary address / number; `password` is write-only and stored hashed; `roles` and
 * `administrative_units` apply the membership side effects of api.md §12.5.
 */
export const adminProfiles = defineAdminResource(
  'profiles',
  'Profile',
  {
    id: a.id(),
    kind: a.choice(PROFILE_KIND, 'Kind (default user)', { optional: true }),
    username: a.text('Login name; generated from the e-mail when left out', { max: 150, nullable: true }),
    password: a.secret('Password; null means the profile cannot log in', { nullable: true, max: 128 }),
    email: a.email('Primary e-mail address (creates or re-points the primary profile_email row)', { nullable: true }),
    telephone: a.text('Primary telephone (the most recently set number becomes primary)', { max: 100, nullable: true }),
    is_superuser: a.boolean('Superuser'),
    is_staff: a.boolean('Staff'),
    is_active: a.boolean('Active (inactive profiles cannot log in)'),
    roles: a.multipleChoice(PROFILE_ROLE, 'Roles'),
    administrative_units: a.m2m('Ids of the units the profile is a member of'),
    administrated_units: a.m2m('Ids of the units the profile administers'),
    last_login: a.readOnly(z.string().nullable().describe('Last login (read-only)'), 'datetime'),
    date_joined: a.readOnly(z.string().describe('Joined (read-only)'), 'datetime'),
    created: a.readOnly(z.string().nullable().describe('Created (read-only)'), 'datetime'),
    updated: a.readOnly(z.string().nullable().describe('Last change (read-only)'), 'datetime'),
    emails: a.readOnly(z.array(ZProfileEmailRow).describe('Every e-mail address of the profile (read-only)')),
    telephones: a.readOnly(z.array(ZTelephoneRow).describe('Every telephone of the profile (read-only)')),

    addressment: a.text('Salutation used in letters', { max: 40, blank: true }),
    addressment_on_envelope: a.text('Salutation on envelopes', { max: 40, blank: true }),
    language: a.choice(LANGUAGE, 'Language of e-mails (default cs)', { optional: true }),
    street: a.text('Street', { max: 128, blank: true }),
    city: a.text('City', { max: 40, blank: true }),
    country: a.text('Country', { max: 40, blank: true }),
    zip_code: a.text('ZIP code', { max: 30, blank: true }),
    different_correspondence_address: a.boolean('Has a different correspondence address'),
    correspondence_street: a.text('Correspondence street', { max: 128, blank: true }),
    correspondence_city: a.text('Correspondence city', { max: 40, blank: true }),
    correspondence_country: a.text('Correspondence country', { max: 40, blank: true }),
    correspondence_zip_code: a.text('Correspondence ZIP code', { max: 30, blank: true }),
    other_support: a.text('Other support', { max: 500, blank: true }),
    profile_text: a.text('Why I support', { max: 3000, blank: true, nullable: true }),
    club_card_available: a.boolean('Club card available'),
    club_card_dispatched: a.boolean('Club card dispatched'),
    other_benefits: a.text('Other benefits', { max: 500, blank: true }),
    note: a.text('Internal note', { max: 2000, blank: true }),

    title_before: a.text('Academic title before the name (users)', { max: 15, blank: true, nullable: true }),
    title_after: a.text('Academic title after the name (users)', { max: 15, blank: true, nullable: true }),
    first_name: a.text('First name (users)', { max: 128, blank: true }),
    last_name: a.text('Last name (users)', { max: 128, blank: true }),
    age_group: a.integer('Birth year (users)', { nullable: true, min: 0 }),
    birth_month: a.integer('Birth month (users)', { nullable: true, min: 1, max: 12 }),
    birth_day: a.integer('Birth day (users)', { nullable: true, min: 1, max: 31 }),
    sex: a.choice(SEX, 'Sex (users; default unknown)', { optional: true }),
    nickname: a.text('Nickname (users)', { max: 126, blank: true }),
    maiden_name: a.text('Maiden name (users)', { max: 126, blank: true }),

    name: a.text('Company name (companies only)', { max: 180, nullable: true }),
    type: a.fk('Company type id (companies only)', { nullable: true }),
    crn: a.text('IČO (companies only)', { max: 254, nullable: true }),
    tin: a.text('DIČ (companies only)', { max: 254, nullable: true }),
  },
  {
    filters: { kind: 'text', administrative_units: 'pk', is_staff: 'boolean', is_superuser: 'boolean', is_active: 'boolean' },
    ordering: ['id', 'username', 'email', 'first_name', 'last_name', 'name', 'date_joined'],
    search: 'username, e-mail, first and last name, nickname, company name, IČO',
  },
);

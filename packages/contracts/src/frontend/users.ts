import { z } from 'zod';
import { field } from '../fields.js';
import { MSG } from '../messages.js';
import { pyStr } from '../zod-drf.js';
import { queryValue } from '../query-params.js';
import { queryText } from './query.js';
import { PAGE_SIZE_DEFAULT, PAGE_SIZE_MAX, ZPageQuery } from '../pagination.js';

/**
 * `GET /api/frontend/users/?q=` (api.md §7.11). The original answers every match; `page` /
 * `page_size` are an opt-in of ours (issue 21): with either, the answer is the DRF envelope.
 */
export const ZUserSearchQuery = z.object({
  q: queryText('Search text: part of a first, last or nick name, username or e-mail (case and accents ignored); or "<first> <last>" in either order'),
  page: ZPageQuery.shape.page.describe(
    'Opt-in pagination: with `page` or `page_size` the answer is `{count, next, previous, results}` (page 1-based, or `last`; a bad page is 404 "Invalid page."). Without both, every match as a plain array, as the original answers.',
  ),
  page_size: ZPageQuery.shape.page_size.describe(
    `Opt-in pagination (see \`page\`): results per page. Default ${PAGE_SIZE_DEFAULT}; values above ${PAGE_SIZE_MAX} are capped; invalid values are ignored.`,
  ),
});

const dob = queryText('Date of birth of the profile, `YYYY-MM-DD` (required: a second factor)', queryValue.date());
const id = field.integer({ description: 'Profile id' });

/** The current year in Prague: AGE_GROUP runs from 99 years ago to this year (api.md §4.1). */
function currentYear(): number {
  return Number(new Intl.DateTimeFormat('en', { timeZone: 'Europe/Prague', year: 'numeric' }).format(new Date()));
}

/** An integer choice (DRF compares the text forms, so `2003` and `"2003"` both pick 2003). */
function intChoice(description: string, range: () => readonly [number, number]) {
  return z
    .preprocess((v: number | string, ctx) => {
      if (v === undefined || v === null) return v;
      const text = pyStr(v);
      const [min, max] = range();
      const n = /^\d+$/.test(text) ? Number(text) : NaN;
      if (!(n >= min && n <= max)) {
        ctx.addIssue({ code: 'custom', message: MSG.invalidChoice(pyStr(v)), input: v });
        return v;
      }
      return n;
    }, z.number().int())
    .describe(description);
}

const text = (maxLength: number, description: string) => field.string({ maxLength, allowBlank: true, description }).optional();

/** `GET /api/frontend/edit_userprofile/{id}/?dob=` (api.md §7.12). */
export const ZEditUserProfileQuery = z.object({ id, dob });

/** `PUT|PATCH /api/frontend/edit_userprofile/{id}/?dob=`: no field is required (api.md §4.8). */
export const ZEditUserProfileInput = z.object({
  id,
  dob,
  first_name: text(128, 'First name'),
  last_name: text(128, 'Last name'),
  nickname: text(126, 'Nickname'),
  email: field
    .email({ allowBlank: true, lowercase: true, description: 'Primary e-mail address; `""` or null removes it' })
    .nullable()
    .optional(),
  city: text(40, 'City'),
  note: text(2000, 'Note'),
  age_group: intChoice('Birth year (from 99 years ago to this year)', () => [currentYear() - 99, currentYear()])
    .nullable()
    .optional(),
  birth_month: intChoice('Birth month, 1–12', () => [1, 12]).nullable().optional(),
  birth_day: intChoice('Birth day, 1–31', () => [1, 31]).nullable().optional(),
  street: text(128, 'Street and number'),
  zip_code: text(30, 'ZIP code'),
});
export type TEditUserProfileInput = z.output<typeof ZEditUserProfileInput>;

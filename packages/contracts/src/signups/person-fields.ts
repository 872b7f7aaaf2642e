import { z } from 'zod';
import { field } from '../fields.js';
import { MSG } from '../messages.js';
import { pragueToday } from '../time.js';
import { PEOPLE_MSG } from './messages.js';

/** The largest value of a PostgreSQL integer column (Django's range validator on IntegerField). */
export const MAX_INT = 2_147_483_647;

const TELEPHONE_CHARS = /^[0-9+ ]*$/;

/**
 * A telephone as the people endpoints take it (api.md §6.1, §8.1): digits, spaces and `+`,
 * at least 9 characters. Blank means "no number" (the get-or-create rule skips it).
 */
export function telephone(description = 'Telephone number: digits, spaces and `+`, at least 9 characters') {
  return field.string({ allowBlank: true, maxLength: 100, description }).superRefine((v, ctx) => {
    if (v === '') return;
    if (!TELEPHONE_CHARS.test(v)) ctx.addIssue({ code: 'custom', message: PEOPLE_MSG.telephone, input: v });
    if ([...v].length < 9) ctx.addIssue({ code: 'custom', message: MSG.minLength(9), input: v });
  });
}

/**
 * A related object named by one attribute (DRF `SlugRelatedField`, api.md §1.2): the value's
 * text. Whether the object exists, and the `Object with <attr>=<v> does not exist.` error, is
 * the domain's business. Like DRF, `""` counts as null and non-scalars are "Invalid value.".
 */
export function ref(description: string) {
  return z.preprocess(
    (v: string | number, ctx) => {
      if (v === undefined || v === null) return v;
      if (typeof v !== 'string' && typeof v !== 'number') {
        ctx.addIssue({ code: 'custom', message: MSG.invalidValue, input: v });
        return v;
      }
      const text = String(v).trim();
      if (text === '') {
        ctx.addIssue({ code: 'custom', message: MSG.notNull, input: v });
        return v;
      }
      if (text.length > 1000) ctx.addIssue({ code: 'custom', message: MSG.invalidValue, input: v });
      return text;
    },
    z.string({ error: (iss) => (iss.input === undefined ? MSG.required : iss.input === null ? MSG.notNull : MSG.invalidValue) }).meta({
      description,
    }),
  );
}

/** `AGE_GROUP`: birth years from this year − 99 to this year (api.md §4.1), as of process start. */
export function ageGroupYears(today: string = pragueToday()): [number, ...number[]] {
  const year = Number(today.slice(0, 4));
  return Array.from({ length: 100 }, (_, i) => year - 99 + i) as [number, ...number[]];
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i) as [number, ...number[]];

const text = (maxLength: number, description: string) => field.string({ allowBlank: true, maxLength, description }).optional();

/** The birth-date parts, also used by `userprofile/vs` (api.md §9.3). */
export const birthFields = {
  age_group: field.choice(ageGroupYears(), { description: 'Birth year (the last 100 years)' }).nullable().optional(),
  birth_month: field.choice(range(1, 12), { description: 'Birth month, 1–12' }).nullable().optional(),
  birth_day: field.choice(range(1, 31), { description: 'Birth day, 1–31' }).nullable().optional(),
};

/** The address parts (api.md §8.1, §9.3, §9.4). */
export const addressFields = {
  street: text(128, 'Street and number'),
  city: text(40, 'City'),
  zip_code: text(30, 'Postal code'),
};

/** The shared person fields of api.md §8.1. */
export const ZPersonFields = z.object({
  email: field.email({ lowercase: true, description: 'E-mail address; the identity key (compared lower-cased)' }),
  first_name: text(128, 'First name; only stored when the profile has none yet'),
  last_name: text(128, 'Last name; only stored when the profile has none yet'),
  telephone: telephone('Telephone: digits, spaces and `+`, at least 9 characters; becomes the primary number').optional(),
  note: text(2000, 'Note, appended to the profile note'),
  ...birthFields,
  ...addressFields,
});
export type TPersonFields = z.output<typeof ZPersonFields>;

/** The answer of the three "unknown user" endpoints (api.md §8). */
export const ZUserIdOutput = z
  .object({ user_id: z.number().int().describe('Id of the found or created user profile') })
  .meta({ id: 'UserId' });
export type TUserIdOutput = z.infer<typeof ZUserIdOutput>;

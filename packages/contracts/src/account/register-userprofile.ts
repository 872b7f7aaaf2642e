import { z } from 'zod';
import { REGULAR_FREQUENCY } from '../choices.js';
import { field } from '../fields.js';
import { MSG } from '../messages.js';
import { MAX_INT, ref, telephone } from '../signups/person-fields.js';
import { notADictionary, pyTypeName } from '../zod-drf.js';

export const ZUserChannelInput = z.object({
  money_account: ref('Slug of a money account (bank or Darujme project)'),
  event: ref('Slug of an event'),
  regular_amount: field.integer({ min: 0, max: MAX_INT, description: 'Amount per period, whole CZK' }),
  regular_frequency: field
    .choice(REGULAR_FREQUENCY, { allowBlank: true, description: 'monthly, quaterly, biannually or annually; empty or null = not set' })
    .nullable()
    .optional(),
});

/**
 * DRF's nested list serializer: errors about the list itself sit under `non_field_errors` of
 * an object (D17), item errors in a list aligned with the input.
 */
const userchannels = z.preprocess(
  (v: unknown, ctx) => {
    if (v === undefined || v === null) return v;
    if (!Array.isArray(v)) {
      ctx.addIssue({ code: 'custom', message: MSG.notAList(pyTypeName(v)), path: ['non_field_errors'], input: v });
    } else if (v.length === 0) {
      ctx.addIssue({ code: 'custom', message: MSG.emptyList, path: ['non_field_errors'], input: v });
    }
    return v;
  },
  z.array(ZUserChannelInput, { error: (iss) => (iss.input === undefined ? MSG.required : iss.input === null ? MSG.notNull : notADictionary('str')) }),
);

/** `POST /api/register_userprofile/` (api.md §6.1, also `/api/register-userprofile[/]`). */
export const ZRegisterUserprofileInput = z.object({
  username: field
    .string({ allowBlank: true, maxLength: 150, description: 'Login name; generated from the e-mail when absent, null or empty' })
    .nullable()
    .optional(),
  password: field
    .string({ trim: false, description: 'Password (write-only): at least 8 characters, not common, not all digits. Absent: no usable password' })
    .optional(),
  first_name: field.string({ allowBlank: true, maxLength: 128, description: 'First name' }).optional(),
  last_name: field.string({ allowBlank: true, maxLength: 128, description: 'Last name' }).optional(),
  telephone: telephone('Telephone: digits, spaces and `+`, at least 9 characters; stored as the primary number').optional(),
  email: field.email({ lowercase: true, description: 'E-mail address; must not belong to any profile yet' }),
  userchannels: userchannels.describe('Donation channels; at least one, only the first is used'),
});
export type TRegisterUserprofileInput = z.output<typeof ZRegisterUserprofileInput>;

export const ZUserChannel = z
  .object({
    money_account: z.string().describe('Money account slug'),
    event: z.string().describe('Event slug'),
    regular_amount: z.number().int().nullable().describe('Amount per period, whole CZK'),
    regular_frequency: z.string().nullable().describe('monthly, quaterly, biannually, annually, or null'),
    VS: z.string().describe('Variable symbol of the channel (generated)'),
  })
  .meta({ id: 'UserChannel' });

export const ZRegisterUserprofileOutput = z
  .object({
    username: z.string().describe('Login name (use it with /api/token/)'),
    first_name: z.string().describe('First name'),
    last_name: z.string().describe('Last name'),
    email: z.string().describe('E-mail address, lower-cased'),
    userchannels: z.array(ZUserChannel).describe('The donation channels of the new profile'),
  })
  .meta({ id: 'RegisteredUserProfile' });
export type TRegisterUserprofileOutput = z.infer<typeof ZRegisterUserprofileOutput>;

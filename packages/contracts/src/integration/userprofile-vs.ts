import { z } from 'zod';
import { SEX } from '../choices.js';
import { field } from '../fields.js';
import { addressFields, birthFields, MAX_INT, ref, telephone } from '../signups/person-fields.js';

/** The donation part shared by the two VS endpoints (api.md §9.3, §9.4). */
export const donationFields = {
  money_account: ref('Slug of a money account'),
  event: ref('Slug of an event'),
  amount: field.integer({ min: 0, max: MAX_INT, description: 'Amount, whole CZK (D29: not negative)' }),
  regular: field.boolean({ description: 'Regular payments (else one-time); default false (D30)' }).optional(),
};

/** `POST /api/userprofile/vs/` (api.md §9.3). */
export const ZUserProfileVsInput = z.object({
  email: field.email({ lowercase: true, description: 'E-mail address; the identity key' }),
  first_name: field.string({ allowBlank: true, maxLength: 128, description: 'First name (required, may be empty)' }),
  last_name: field.string({ allowBlank: true, maxLength: 128, description: 'Last name (required, may be empty)' }),
  telephone: telephone().optional(),
  ...addressFields,
  ...birthFields,
  sex: field.choice(SEX, { description: 'male, female or unknown; replaces only `unknown`' }).optional(),
  ...donationFields,
});
export type TUserProfileVsInput = z.output<typeof ZUserProfileVsInput>;

export const ZVsOutput = z.object({ VS: z.string().describe('Variable symbol of the donor payment channel') }).meta({ id: 'VariableSymbol' });
export type TVsOutput = z.infer<typeof ZVsOutput>;

import { z } from 'zod';
import { field } from '../fields.js';

/** `POST /api/reset_password_email/` (api.md §6.2). */
export const ZResetPasswordEmailInput = z.object({
  email: field.email({ lowercase: true, description: 'E-mail address of the account; the answer is the same whether or not it exists' }),
});
export type TResetPasswordEmailInput = z.output<typeof ZResetPasswordEmailInput>;

/** `POST /api/reset_password_email_confirm/{uid}/{token}/` (api.md §6.3). */
export const ZResetPasswordConfirmInput = z.object({
  uid: z.string().describe('`u` of the reset link: the unpadded URL-safe base64 of the profile id'),
  token: z.string().describe('`t` of the reset link'),
  password_1: field.string({ trim: false, description: 'New password: at least 8 characters, not common, not all digits' }),
  password_2: field.string({ trim: false, description: 'The new password again' }),
});
export type TResetPasswordConfirmInput = z.output<typeof ZResetPasswordConfirmInput>;

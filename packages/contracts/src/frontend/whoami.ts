import { z } from 'zod';
import { field } from '../fields.js';

/** `POST`/`PATCH /api/frontend/whoami` (api.md §7.1, D19, D20): each key optional; others ignored. */
export const ZWhoamiUpdateInput = z.object({
  first_name: field.string({ maxLength: 128, allowBlank: true, description: 'First name' }).optional(),
  last_name: field.string({ maxLength: 128, allowBlank: true, description: 'Last name' }).optional(),
  nickname: field.string({ maxLength: 126, allowBlank: true, description: 'Nickname' }).optional(),
});
export type TWhoamiUpdateInput = z.output<typeof ZWhoamiUpdateInput>;

import { z } from 'zod';

/** `Telephone` (api.md §4.7): `is_primary` is true or null, never false. */
export const ZTelephone = z
  .object({
    telephone: z.string().describe('Number'),
    note: z.string().describe('Note; may be empty'),
    is_primary: z.literal(true).nullable().describe('`true` for the primary number, `null` otherwise'),
  })
  .meta({ id: 'Telephone' });
export type TTelephone = z.infer<typeof ZTelephone>;

/** `UserSummary` (api.md §4.7), the front-end user search result. */
export const ZUserSummary = z
  .object({
    id: z.number().int().describe('Profile id'),
    first_name: z.string().describe('First name'),
    last_name: z.string().describe('Last name'),
    nickname: z.string().describe('Nickname'),
    email: z.string().nullable().describe('Primary e-mail address, null when none'),
    telephone_set: z.array(ZTelephone).describe('Telephone numbers'),
    city: z.string().describe('City'),
  })
  .meta({ id: 'UserSummary', description: 'A user profile as the front-end search shows it (api.md §4.7)' });
export type TUserSummary = z.infer<typeof ZUserSummary>;

/** `EditableUserProfile` (api.md §4.8). */
export const ZEditableUserProfile = z
  .object({
    id: z.number().int().describe('Profile id'),
    first_name: z.string().describe('First name'),
    last_name: z.string().describe('Last name'),
    nickname: z.string().describe('Nickname'),
    email: z.string().nullable().describe('Primary e-mail address, null when none'),
    telephone_set: z.array(ZTelephone).describe('Telephone numbers (read-only)'),
    city: z.string().describe('City'),
    note: z.string().describe('Note'),
    age_group: z.number().int().nullable().describe('Birth year'),
    birth_month: z.number().int().nullable().describe('Birth month, 1–12'),
    birth_day: z.number().int().nullable().describe('Birth day, 1–31'),
    street: z.string().describe('Street and number'),
    zip_code: z.string().describe('ZIP code'),
  })
  .meta({ id: 'EditableUserProfile', description: 'A user profile as organizers edit it (api.md §4.8)' });
export type TEditableUserProfile = z.infer<typeof ZEditableUserProfile>;

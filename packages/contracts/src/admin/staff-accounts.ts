import { z } from 'zod';
import { STAFF_ROLE } from '../choices.js';
import { field } from '../fields.js';
import { ZPageQuery } from '../pagination.js';

/**
 * Staff accounts (issue 17 §1), superusers only: who administers what. Organisation staff see
 * every unit's data; unit staff the data of the units they administer.
 */
export const ZStaffAccount = z
  .object({
    id: z.number().int().describe('The profile id'),
    username: z.string().nullable().describe('The sign-in name'),
    name: z.string().describe('First and last name'),
    email: z.string().nullable().describe('The primary e-mail'),
    role: z.enum(STAFF_ROLE).describe('`superuser`, `organisation` (every unit) or `unit` (the administered units only)'),
    administered_units: z.array(z.number().int()).describe('Ids of the units the account administers'),
  })
  .meta({ id: 'StaffAccount' });
export type TStaffAccount = z.output<typeof ZStaffAccount>;

export const ZStaffAccountsQuery = ZPageQuery;

export const ZStaffGrantInput = z.object({
  profile: field.pk({ description: 'The profile that gets (or loses) the access' }),
  administrative_unit: field.pk({ description: 'One unit to administer (or to stop administering)' }).optional(),
  all_units: field.boolean({ description: 'Every unit: organisation staff (the `edit_all_units` role)' }).optional(),
});

export const ZStaffRevokeResult = z
  .object({ account: ZStaffAccount.nullable().describe('The account after the change; null when it is no staff account any more') })
  .meta({ id: 'StaffRevokeResult' });

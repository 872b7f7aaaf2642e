import { z } from 'zod';
import { field } from '../fields.js';
import { addressFields, telephone } from '../signups/person-fields.js';
import { donationFields } from './userprofile-vs.js';

/** `POST /api/companyprofile/vs/` (api.md §9.4). */
export const ZCompanyProfileVsInput = z.object({
  crn: field
    .string({ allowBlank: true, maxLength: 254, description: 'Czech company id (IČO); when empty a new company is always created' })
    .nullable()
    .optional(),
  name: field.string({ maxLength: 180, description: 'Company name' }),
  email: field.email({ lowercase: true, description: 'Contact e-mail address' }),
  telephone: telephone('Contact telephone: digits, spaces and `+`, at least 9 characters').optional(),
  ...addressFields,
  contact_first_name: field.string({ allowBlank: true, maxLength: 256, description: 'First name of the contact person' }).optional(),
  contact_last_name: field.string({ allowBlank: true, maxLength: 256, description: 'Last name of the contact person' }).optional(),
  ...donationFields,
});
export type TCompanyProfileVsInput = z.output<typeof ZCompanyProfileVsInput>;

import type { z } from 'zod';
import { field } from '../fields.js';
import { ref, ZPersonFields } from './person-fields.js';

/** `POST /api/volunteer/` (api.md §8.4). */
export const ZVolunteerInput = ZPersonFields.extend({
  administrative_unit: ref('Id of the administrative unit the offer is for'),
  skills: field.string({ allowBlank: true, description: 'Hashtag list such as `#cooking #html5`; stored on the interaction' }).optional(),
  event: ref('Id of an event the offer relates to; stored on the interaction').optional(),
  summary: field.string({ allowBlank: true, description: 'Free text of the offer' }).optional(),
  location: ref('Id of a location (validated only)').optional(),
  program_of_interest: field
    .list(field.string({ allowBlank: true, description: 'A PROGRAM_TYPES value' }), {
      description: 'Programs of interest (values of the deployment’s PROGRAM_TYPES)',
    })
    .optional(),
});
export type TVolunteerInput = z.output<typeof ZVolunteerInput>;

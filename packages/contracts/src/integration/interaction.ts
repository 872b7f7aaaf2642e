import { z } from 'zod';
import { field } from '../fields.js';
import { ref } from '../signups/person-fields.js';

/** `POST /api/interaction/` (api.md §9.6). */
export const ZVizusInteractionInput = z.object({
  date: field.datetime({ description: 'When it happened (ISO 8601; no offset = Prague time)' }),
  event: ref('Slug of the event'),
  profile_id: field.pk({ description: 'Id of an existing profile' }),
  interaction_type: field.choice(['certificate', 'confirmation'], { description: '`certificate` or `confirmation`' }),
  text: field.string({ description: 'Text of the interaction (its summary)' }),
});
export type TVizusInteractionInput = z.output<typeof ZVizusInteractionInput>;

export const ZEmptyObject = z.object({}).strict().describe('An empty object');

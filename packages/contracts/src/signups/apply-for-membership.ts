import type { z } from 'zod';
import { field } from '../fields.js';
import { ref, ZPersonFields } from './person-fields.js';

/** `POST /api/apply_for_membership/` (api.md §8.5). */
export const ZApplyForMembershipInput = ZPersonFields.extend({
  administrative_unit: ref('Id of the administrative unit to join'),
  skills: field.string({ allowBlank: true, description: 'Hashtag list such as `#cooking #html5`; stored on the interaction' }).optional(),
});
export type TApplyForMembershipInput = z.output<typeof ZApplyForMembershipInput>;

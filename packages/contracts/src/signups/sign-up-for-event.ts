import type { z } from 'zod';
import { field } from '../fields.js';
import { ref, ZPersonFields } from './person-fields.js';

const answer = (n: number) =>
  field.string({ allowBlank: true, description: `Answer to the event's additional question ${n}; "-" is recorded when absent` }).optional();

/** `POST /api/sign_up_for_event/` (api.md §8.3). */
export const ZSignUpForEventInput = ZPersonFields.extend({
  event: ref('Id (not slug) of an event that has a slug'),
  skills: field.string({ allowBlank: true, description: 'Hashtag list such as `#cooking #html5`; stored on the interaction' }).optional(),
  additional_question_1: answer(1),
  additional_question_2: answer(2),
  additional_question_3: answer(3),
  additional_question_4: answer(4),
});
export type TSignUpForEventInput = z.output<typeof ZSignUpForEventInput>;

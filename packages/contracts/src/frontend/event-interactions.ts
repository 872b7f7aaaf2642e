import { z } from 'zod';
import { field } from '../fields.js';
import { ZPageQuery } from '../pagination.js';
import { queryValue } from '../query-params.js';
import { queryText } from './query.js';

const fields = {
  event: field.pk({ description: 'Event id' }),
  type__slug: field.string({
    maxLength: 100,
    description: 'Interaction type slug in the `event_interaction` category: `event_registration` or `event_attendance`',
  }),
  note: field.string({ maxLength: 3000, allowBlank: true, description: 'Note' }).nullable().optional(),
  summary: field.string({ allowBlank: true, description: 'Answers to the event’s additional questions (D11)' }).optional(),
};

/** `POST /api/frontend/my_events/` (api.md §7.5): a `user` key is ignored. */
export const ZMyEventCreateInput = z.object(fields);
export type TMyEventCreateInput = z.output<typeof ZMyEventCreateInput>;

const id = field.integer({ description: 'Interaction id' });

/** `PUT /api/frontend/my_events/{id}/`: `event` and `type__slug` required (D10). */
export const ZMyEventUpdateInput = z.object({ id, ...fields });
/** `PATCH /api/frontend/my_events/{id}/`: omitted keys keep their stored values (D10). */
export const ZMyEventPatchInput = z.object({ id, ...z.object(fields).partial().shape });
export type TMyEventPatchInput = z.output<typeof ZMyEventPatchInput>;

const eventParam = queryText('Event id; required unless the caller is a superuser (org-team rule, D37)', queryValue.integer());

/** `GET /api/frontend/attendees/?event=` (api.md §7.6). */
export const ZAttendeeListQuery = ZPageQuery.extend({ event: eventParam });

/** `GET|DELETE /api/frontend/attendees/{id}/?event=`. */
export const ZAttendeeDetailInput = z.object({ id, event: eventParam });

/** `POST /api/frontend/attendees/`: the org-team rule applies to the body's `event` (D23). */
export const ZAttendeeCreateInput = z.object({ user: field.pk({ description: 'Profile id of the person' }), ...fields });
export type TAttendeeCreateInput = z.output<typeof ZAttendeeCreateInput>;

/** `GET /api/frontend/my_interactions/` (beyond the reference): newest first. */
export const ZMyInteractionListQuery = ZPageQuery.extend({
  type__slug: queryText('Only interactions of this type slug (comma-separated slugs allowed)'),
  event: queryText('Only interactions about this event id', queryValue.integer()),
});

import { z } from 'zod';

const instant = (d: string) => z.string().describe(`${d} (ISO 8601 with the Europe/Prague offset)`);

/** `MyEventInteraction` (api.md §4.9): a registration or attendance of the caller. */
export const ZMyEventInteraction = z
  .object({
    id: z.number().int().describe('Interaction id'),
    event: z.number().int().nullable().describe('Event id (null once the event has been deleted)'),
    note: z.string().nullable().describe('Note'),
    updated: instant('Last modification'),
    created: instant('Creation'),
    type__slug: z.string().describe('Slug of the interaction type, e.g. `event_registration` or `event_attendance`'),
    summary: z.string().describe('Answers to the event’s additional questions (D11)'),
  })
  .meta({ id: 'MyEventInteraction', description: 'A registration or attendance of the caller (api.md §4.9)' });
export type TMyEventInteraction = z.infer<typeof ZMyEventInteraction>;

/** `Attendee` (api.md §4.9): an event interaction with its person. */
export const ZAttendee = ZMyEventInteraction.extend({
  user: z.number().int().describe('Profile id of the person'),
  user__first_name: z.string().optional().describe('First name (absent for a company profile)'),
  user__last_name: z.string().optional().describe('Last name (absent for a company profile)'),
  user__nickname: z.string().optional().describe('Nickname (absent for a company profile)'),
  user__city: z.string().describe('City'),
}).meta({ id: 'Attendee', description: 'A registration or attendance of a person at an event (api.md §4.9)' });
export type TAttendee = z.infer<typeof ZAttendee>;

/** An interaction of the caller, any type (`GET /api/frontend/my_interactions/`, beyond the reference). */
export const ZMyInteraction = z
  .object({
    id: z.number().int().describe('Interaction id'),
    subject: z.string().describe('Subject'),
    type__slug: z.string().nullable().describe('Slug of the interaction type'),
    type__name: z.string().describe('Name of the interaction type'),
    category__slug: z.string().nullable().describe('Slug of the type’s category'),
    event: z.number().int().nullable().describe('Event id, if the interaction concerns an event'),
    administrative_unit: z.number().int().describe('Id of the administrative unit that recorded it'),
    date_from: instant('Date of the interaction'),
    summary: z.string().describe('Text of the interaction (what was sent or answered)'),
    created: instant('Creation').nullable(),
    updated: instant('Last modification').nullable(),
  })
  .meta({ id: 'MyInteraction', description: 'An entry of the caller’s own timeline' });
export type TMyInteraction = z.infer<typeof ZMyInteraction>;

import { z } from 'zod';

const text = (d: string) => z.string().describe(d);
const nullableUrl = (d: string) => z.string().nullable().describe(d);
const dateTime = (d: string) => z.string().nullable().describe(`${d} (ISO 8601 with the Europe/Prague offset)`);
const date = (d: string) => z.string().nullable().describe(`${d} (YYYY-MM-DD)`);

export const ZLocation = z
  .object({
    id: z.number().int().describe('Location id'),
    name: text('Name of the place'),
    place: text('Address or description of the place; may be empty'),
    region: text('Region; may be empty'),
    gps_latitude: z.number().nullable().describe('GPS latitude'),
    gps_longitude: z.number().nullable().describe('GPS longitude'),
  })
  .meta({ id: 'Location', description: 'A place where events happen (api.md §4.3)' });
export type TLocation = z.infer<typeof ZLocation>;

export const ZEventTypeBrief = z
  .object({ name: text('Event type name'), slug: text('Event type slug, e.g. `tabor`') })
  .meta({ id: 'EventTypeBrief' });

/** The 48 keys of api.md §4.2, no more and no fewer (D9: no date_from/date_to). */
export const ZEvent = z
  .object({
    id: z.number().int().describe('Event id'),
    name: text('Event name (≤ 100 characters)'),
    datetime_from: dateTime('Start'),
    datetime_to: dateTime('End'),
    program: text('Program (one of the deployment PROGRAM_TYPES, or empty)'),
    intended_for: text('Audience: everyone, adolescents_and_adults, children, parents_and_children, newcomers'),
    basic_purpose: text('Purpose: action, action-with-attendee-list, petition, camp, opportunity, campaign, zmj_location'),
    opportunity: text('Opportunity kind, or empty'),
    location: ZLocation.nullable().describe('Where the event happens (read-only)'),
    age_from: z.number().int().nullable().describe('Minimum age'),
    age_to: z.number().int().nullable().describe('Maximum age'),
    start_date: dateTime('Default date of registrations and attendance'),
    event_type: ZEventTypeBrief.nullable().describe('Event type (read-only)'),
    event_type_id: z.number().int().nullable().describe('Event type id'),
    responsible_person: text('Responsible person'),
    participation_fee: text('Participation fee, free text'),
    entry_form_url: nullableUrl('Entry form URL'),
    web_url: nullableUrl('Web page URL'),
    invitation_text_short: text('Short invitation'),
    working_hours: z.number().int().nullable().describe('Working hours per day'),
    accommodation: text('Accommodation'),
    diet: z.array(z.string()).describe('Diets offered: vegetarian, meat, vegan, kosher, halal, gluten_free'),
    looking_forward_to_you: text('Names of the organisers shown on the invitation'),
    registration_method: text('standard, other_electronic, by_email, not_required, full'),
    administrative_units: z.array(z.number().int()).describe('Ids of the administrative units of the event'),
    administrative_unit_name: text('Name of the event’s administrative unit with the lowest id; empty if none'),
    administrative_unit_web_url: z
      .string()
      .nullable()
      .describe('That unit’s web_url (may be null); empty string if the event has no unit'),
    invitation_text_1: text('What to expect'),
    invitation_text_2: text('What, where and how'),
    invitation_text_3: text('Volunteer help'),
    invitation_text_4: text('Little sneak peek'),
    main_photo: nullableUrl('Main photo URL'),
    additional_photo_1: nullableUrl('Additional photo URL'),
    additional_photo_2: nullableUrl('Additional photo URL'),
    additional_photo_3: nullableUrl('Additional photo URL'),
    additional_photo_4: nullableUrl('Additional photo URL'),
    additional_photo_5: nullableUrl('Additional photo URL'),
    additional_photo_6: nullableUrl('Additional photo URL'),
    additional_question_1: text('Additional question asked at registration'),
    additional_question_2: text('Additional question asked at registration'),
    additional_question_3: text('Additional question asked at registration'),
    additional_question_4: text('Additional question asked at registration'),
    contact_person_name: text('Contact person'),
    contact_person_email: text('Contact person e-mail'),
    contact_person_telephone: text('Contact person telephone'),
    public_on_web_date_from: date('Shown on the web from'),
    public_on_web_date_to: date('Shown on the web until'),
    public_on_web: z.boolean().describe('Listed publicly'),
  })
  .meta({ id: 'Event', description: 'An event: campaign, action, camp, petition… (api.md §4.2)' });
export type TEvent = z.infer<typeof ZEvent>;

export const ZEventWithStats = ZEvent.extend({
  users_paid: z.number().int().describe('Distinct profiles with a donor payment channel for this event'),
  total_amount: z
    .number()
    .nullable()
    .describe('Sum of payments over the event’s donor payment channels; null when it has none'),
  registered_users_count_by_interaction_type: z
    .number()
    .int()
    .describe('Distinct profiles with an interaction of type `interaction_type_id` on this event'),
}).meta({ id: 'EventWithStats', description: 'A public event with donation and registration statistics (api.md §5.2)' });
export type TEventWithStats = z.infer<typeof ZEventWithStats>;

import { z } from 'zod';
import { BASIC_PURPOSE, DIET, INTENDED_FOR, OPPORTUNITY, REGISTRATION_METHOD } from '../choices.js';
import { field } from '../fields.js';
import { EVENT_TELEPHONE_PATTERN, pkList } from './event-input.js';

const nullableUrl = (d: string) => z.string().nullable().describe(d);
const dateTime = (d: string) => z.string().nullable().describe(`${d} (ISO 8601 with the Europe/Prague offset)`);

export const ZLocation = z
  .object({
    id: z.number().int().describe('Location id'),
    name: z.string().describe('Name of the place'),
    place: z.string().describe('Address or description of the place; may be empty'),
    region: z.string().describe('Region; may be empty'),
    gps_latitude: z.number().nullable().describe('GPS latitude'),
    gps_longitude: z.number().nullable().describe('GPS longitude'),
  })
  .meta({ id: 'Location', description: 'A place where events happen (api.md §4.3)' });
export type TLocation = z.infer<typeof ZLocation>;

export const ZEventTypeBrief = z
  .object({ name: z.string().describe('Event type name'), slug: z.string().describe('Event type slug, e.g. `tabor`') })
  .meta({ id: 'EventTypeBrief' });

/**
 * Where a field of the Event representation lives, which is all the store and the serializer
 * need to know of it:
 * - `column`: the `event` column of the same name, sent as read;
 * - `array`: a `text[]` column of the same name;
 * - `instant`: a `timestamptz` column, read as ISO text, sent with the Europe/Prague offset;
 * - `date`: a `date` column, read and sent as `YYYY-MM-DD`;
 * - `photo`: a stored file key, sent as an absolute URL, written as a multipart upload;
 * - `related`: read from other tables (the store names each one's sub-select);
 * - `firstUnit`: a column of the event's first administrative unit (lowest id).
 */
export type EventFieldStore = 'column' | 'array' | 'instant' | 'date' | 'photo' | 'related' | 'firstUnit';

interface EventField<S extends EventFieldStore, R extends z.ZodType, W extends z.ZodType | undefined, Q extends boolean> {
  store: S;
  /** The field as the API sends it. */
  read: R;
  /** The field as POST, PUT and PATCH take it; absent for read-only fields. */
  write: W;
  /** Required by POST and PUT (PATCH may omit every field). */
  required: Q;
  /** The longest value taken: the column's length, when it has one. */
  max?: number;
}

const def = <S extends EventFieldStore, R extends z.ZodType, W extends z.ZodType | undefined = undefined, Q extends boolean = false>(
  store: S,
  read: R,
  write?: W,
  o: { required?: Q; max?: number } = {},
): EventField<S, R, W, Q> => ({
  store,
  read,
  write: write as W,
  required: (o.required ?? false) as Q,
  ...(o.max !== undefined ? { max: o.max } : {}),
});

/** A text column that may be blank. */
const text = (max: number, description: string) =>
  def('column', z.string().describe(description), field.string({ maxLength: max, allowBlank: true, description }), { max });
const choice = (values: readonly [string, ...string[]], description: string, o: { allowBlank?: boolean } = {}) =>
  def(
    'column',
    z.string().describe(`${description}: ${values.join(', ')}${o.allowBlank ? ', or empty' : ''}`),
    field.choice(values, { ...o, description }),
  );
const count = (description: string) =>
  def('column', z.number().int().nullable().describe(description), field.integer({ min: 0, description }).nullable());
const url = (description: string) =>
  def('column', nullableUrl(description), field.url({ allowBlank: true, description }).nullable(), { max: 200 });
const instant = (description: string) =>
  def('instant', dateTime(description), field.datetime({ description }).nullable());
const date = (description: string) =>
  def('date', z.string().nullable().describe(`${description} (YYYY-MM-DD)`), field.date({ description }).nullable());
const photo = (description: string) =>
  def(
    'photo',
    nullableUrl(`${description} URL`),
    field.file({ description: `${description}: a multipart file upload; \`null\` clears it` }).nullable(),
    { max: 100 },
  );
const question = () => text(300, 'Additional question asked at registration');

/**
 * The Event representation (api.md §4.2; D9: no date_from/date_to), once: its 48 keys in the order
 * the API sends them, what each reads and takes, and where it is stored. The read and write
 * schemas below, the store's select and write column lists (domain `events/event-records.ts`,
 * `events/write-event.ts`) and the serializer (API `serializers/event.ts`) are derived from it;
 * the entity (`@klub/db` `Event`) stays written out for MikroORM and a test holds it to this table.
 */
export const EVENT_FIELDS = {
  id: def('column', z.number().int().describe('Event id')),
  name: def('column', z.string().describe('Event name (≤ 100 characters)'), field.string({ maxLength: 100, description: 'Event name' }), {
    required: true,
    max: 100,
  }),
  datetime_from: instant('Start'),
  datetime_to: instant('End'),
  program: def(
    'column',
    z.string().describe('Program (one of the deployment PROGRAM_TYPES, or empty)'),
    field.string({ maxLength: 128, allowBlank: true, description: 'One of the deployment’s PROGRAM_TYPES, or empty' }),
    { max: 128 },
  ),
  intended_for: choice(INTENDED_FOR, 'Audience'),
  basic_purpose: choice(BASIC_PURPOSE, 'Purpose'),
  opportunity: choice(OPPORTUNITY, 'Opportunity kind', { allowBlank: true }),
  location: def('related', ZLocation.nullable().describe('Where the event happens (read-only)')),
  age_from: count('Minimum age'),
  age_to: count('Maximum age'),
  start_date: instant('Default date of registrations and attendance'),
  event_type: def('related', ZEventTypeBrief.nullable().describe('Event type (read-only)')),
  event_type_id: def('column', z.number().int().nullable().describe('Event type id'), field.pk({ description: 'Id of the event type' }), {
    required: true,
  }),
  responsible_person: text(128, 'Responsible person'),
  participation_fee: text(128, 'Participation fee, free text'),
  entry_form_url: url('Entry form URL'),
  web_url: url('Web page URL'),
  invitation_text_short: text(3000, 'Short invitation'),
  working_hours: count('Working hours per day'),
  accommodation: text(256, 'Accommodation'),
  diet: def(
    'array',
    z.array(z.string()).describe(`Diets offered: ${DIET.join(', ')}`),
    field.multipleChoice(DIET, { description: 'Diets offered' }),
  ),
  looking_forward_to_you: text(512, 'Names of the organisers shown on the invitation'),
  registration_method: choice(REGISTRATION_METHOD, 'Registration method'),
  administrative_units: def(
    'related',
    z.array(z.number().int()).describe('Ids of the administrative units of the event'),
    pkList({ description: 'Ids of the event’s administrative units (at least one)', allowEmpty: false }),
    { required: true },
  ),
  administrative_unit_name: def('firstUnit', z.string().describe('Name of the event’s administrative unit with the lowest id; empty if none')),
  administrative_unit_web_url: def(
    'firstUnit',
    z.string().nullable().describe('That unit’s web_url (may be null); empty string if the event has no unit'),
  ),
  invitation_text_1: text(3000, 'What to expect'),
  invitation_text_2: text(3000, 'What, where and how'),
  invitation_text_3: text(3000, 'Volunteer help'),
  invitation_text_4: text(3000, 'Little sneak peek'),
  main_photo: photo('Main photo'),
  additional_photo_1: photo('Additional photo'),
  additional_photo_2: photo('Additional photo'),
  additional_photo_3: photo('Additional photo'),
  additional_photo_4: photo('Additional photo'),
  additional_photo_5: photo('Additional photo'),
  additional_photo_6: photo('Additional photo'),
  additional_question_1: question(),
  additional_question_2: question(),
  additional_question_3: question(),
  additional_question_4: question(),
  contact_person_name: text(128, 'Contact person'),
  contact_person_email: def(
    'column',
    z.string().describe('Contact person e-mail'),
    field.email({ allowBlank: true, description: 'Contact person e-mail' }),
    { max: 254 },
  ),
  contact_person_telephone: def(
    'column',
    z.string().describe('Contact person telephone'),
    field
      .string({ maxLength: 100, allowBlank: true, description: 'Contact person telephone (`+420 123 456 789` and the like)' })
      .refine((v) => v === '' || EVENT_TELEPHONE_PATTERN.test(v), { message: 'Enter a valid value.' }),
    { max: 100 },
  ),
  public_on_web_date_from: date('Shown on the web from'),
  public_on_web_date_to: date('Shown on the web until'),
  public_on_web: def('column', z.boolean().describe('Listed publicly'), field.boolean({ description: 'Listed publicly' })),
};

type Fields = typeof EVENT_FIELDS;
export type EventFieldKey = keyof Fields;
/** The keys stored in one of these ways, in the representation's order. */
export type EventKeysStored<S extends EventFieldStore> = { [K in EventFieldKey]: Fields[K]['store'] extends S ? K : never }[EventFieldKey];
type WritableKey = { [K in EventFieldKey]: Fields[K]['write'] extends z.ZodType ? K : never }[EventFieldKey];
type RequiredKey = { [K in WritableKey]: Fields[K]['required'] extends true ? K : never }[WritableKey];
type Writable<K extends WritableKey> = Exclude<Fields[K]['write'], undefined>;

const entries = Object.entries(EVENT_FIELDS) as Array<[EventFieldKey, Fields[EventFieldKey]]>;

/** The keys of EVENT_FIELDS stored in one of `stores`, in order. */
export function eventKeysStored<S extends EventFieldStore>(...stores: S[]): Array<EventKeysStored<S>> {
  return entries.filter(([, f]) => (stores as EventFieldStore[]).includes(f.store)).map(([k]) => k as EventKeysStored<S>);
}

/** The keys POST, PUT and PATCH take, stored in one of `stores`, in order. */
export function eventKeysWritten<S extends EventFieldStore>(...stores: S[]): Array<EventKeysStored<S> & WritableKey> {
  return eventKeysStored(...stores).filter((k) => EVENT_FIELDS[k].write !== undefined) as Array<EventKeysStored<S> & WritableKey>;
}

export const ZEvent = z
  .object(Object.fromEntries(entries.map(([k, f]) => [k, f.read])) as { [K in EventFieldKey]: Fields[K]['read'] })
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

type WriteShape = { [K in RequiredKey]: Writable<K> } & { [K in Exclude<WritableKey, RequiredKey>]: z.ZodOptional<Writable<K>> };

/**
 * POST and PUT body (api.md §4.2): `name`, `event_type_id` and `administrative_units` required.
 * `program` is checked against the deployment's PROGRAM_TYPES by the domain (configuration, not
 * code); the existence of `event_type_id` and `administrative_units` rows too.
 */
export const ZEventWrite = z.object(
  Object.fromEntries(
    entries.flatMap(([k, f]) => (f.write === undefined ? [] : [[k, f.required ? f.write : f.write.optional()]])),
  ) as WriteShape,
);
export type TEventWrite = z.output<typeof ZEventWrite>;

/** PATCH body: every field optional. */
export const ZEventPatch = ZEventWrite.partial();
export type TEventPatch = z.output<typeof ZEventPatch>;

import { z } from 'zod';
import { field } from '../fields.js';
import { ZOrderingParam, ZPageQuery } from '../pagination.js';
import { accepting, queryValue } from '../query-params.js';
import { BASIC_PURPOSE, INTENDED_FOR } from '../choices.js';

// Filters are parsed by the domain (django-filter's own messages, and values it ignores), so
// validation takes any text here; `accepts` is what the domain understands, for the document.
const text = (description: string) => z.string().optional().describe(description);
const filter = (accepts: z.core.$ZodType, description: string) => accepting(text(description), accepts);

export const EVENT_ORDERING = [
  'id', 'name', 'datetime_from', 'datetime_to', 'start_date', 'program', 'intended_for', 'basic_purpose',
  'opportunity', 'age_from', 'age_to', 'working_hours', 'registration_method', 'public_on_web',
  'public_on_web_date_from', 'public_on_web_date_to',
] as const;

/** The presets of `?type=` (`buildEventFilters` in the domain maps each to its condition). */
export const EVENT_LIST_TYPES = ['klub', 'vik', 'tabor', 'viktabor', 'ekostan', 'vikekostan'] as const;
export type TEventListType = (typeof EVENT_LIST_TYPES)[number];

const datetime = queryValue.datetime();
const year = queryValue.integer();

/** Query of `GET /api/event/` (api.md §5.1). Empty values are ignored; filters combine with AND. */
export const ZEventListQuery = ZPageQuery.extend({
  datetime_from__gte: filter(datetime, '`datetime_from` ≥ value; a full ISO datetime such as `2020-01-01T00:00` (Prague time without an offset)'),
  datetime_from__lte: filter(datetime, '`datetime_from` ≤ value; a full ISO datetime'),
  datetime_from__year: filter(year, 'Year of `datetime_from` in Europe/Prague'),
  datetime_to__gte: filter(datetime, '`datetime_to` ≥ value; a full ISO datetime'),
  datetime_to__lte: filter(datetime, '`datetime_to` ≤ value; a full ISO datetime'),
  datetime_to__year: filter(year, 'Year of `datetime_to` in Europe/Prague'),
  start_date__gte: filter(datetime, '`start_date` ≥ value; a full ISO datetime'),
  start_date__lte: filter(datetime, '`start_date` ≤ value; a full ISO datetime'),
  start_date__year: filter(year, 'Year of `start_date` in Europe/Prague'),
  intended_for: filter(queryValue.choice(INTENDED_FOR), 'Exact audience'),
  program: text("Exact program: one of the deployment's PROGRAM_TYPES (configuration)"),
  basic_purpose: filter(queryValue.choice(BASIC_PURPOSE), 'Exact purpose'),
  is_internal: filter(queryValue.boolean(), '`true`/`false` (also True/False/1/0); any other value does not filter'),
  administrative_unit: filter(queryValue.integer(), 'Id of an administrative unit the event belongs to'),
  event_type_array: text('Comma-separated event-type slugs'),
  program_array: text('Comma-separated programs'),
  intended_for_array: text(`Comma-separated audiences (${INTENDED_FOR.join(', ')})`),
  type: filter(queryValue.choice(EVENT_LIST_TYPES), 'Preset; other values do not filter'),
  ordering: ZOrderingParam(EVENT_ORDERING),
});
export type TEventListQuery = z.output<typeof ZEventListQuery>;

export const ZEventRetrieveInput = z.object({
  id: field.integer({ description: 'Event id' }),
  interaction_type_id: accepting(
    z.string().optional().describe('Interaction type id for `registered_users_count_by_interaction_type`; a non-integer counts 0'),
    queryValue.integer(),
  ),
});

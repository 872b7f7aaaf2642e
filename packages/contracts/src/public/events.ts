import { z } from 'zod';
import { field } from '../fields.js';
import { ZOrderingParam, ZPageQuery } from '../pagination.js';

// Filters are parsed by the domain (django-filter's own messages), so here they are plain text.
const filter = (description: string) => z.string().optional().describe(description);

export const EVENT_ORDERING = [
  'id', 'name', 'datetime_from', 'datetime_to', 'start_date', 'program', 'intended_for', 'basic_purpose',
  'opportunity', 'age_from', 'age_to', 'working_hours', 'registration_method', 'public_on_web',
  'public_on_web_date_from', 'public_on_web_date_to',
] as const;

/** Query of `GET /api/event/` (api.md §5.1). Empty values are ignored; filters combine with AND. */
export const ZEventListQuery = ZPageQuery.extend({
  datetime_from__gte: filter('`datetime_from` ≥ value; a full ISO datetime such as `2020-01-01T00:00` (Prague time without an offset)'),
  datetime_from__lte: filter('`datetime_from` ≤ value; a full ISO datetime'),
  datetime_from__year: filter('Year of `datetime_from` in Europe/Prague'),
  datetime_to__gte: filter('`datetime_to` ≥ value; a full ISO datetime'),
  datetime_to__lte: filter('`datetime_to` ≤ value; a full ISO datetime'),
  datetime_to__year: filter('Year of `datetime_to` in Europe/Prague'),
  start_date__gte: filter('`start_date` ≥ value; a full ISO datetime'),
  start_date__lte: filter('`start_date` ≤ value; a full ISO datetime'),
  start_date__year: filter('Year of `start_date` in Europe/Prague'),
  intended_for: filter('Exact audience (an INTENDED_FOR value)'),
  program: filter('Exact program (a PROGRAM_TYPES value)'),
  basic_purpose: filter('Exact purpose (a BASIC_PURPOSE value)'),
  is_internal: filter('`true`/`false` (also True/False/1/0); any other value does not filter'),
  administrative_unit: filter('Id of an administrative unit the event belongs to'),
  event_type_array: filter('Comma-separated event-type slugs'),
  program_array: filter('Comma-separated programs'),
  intended_for_array: filter('Comma-separated audiences'),
  type: filter('Preset: klub, vik, tabor, viktabor, ekostan, vikekostan; other values do not filter'),
  ordering: ZOrderingParam(EVENT_ORDERING),
});
export type TEventListQuery = z.output<typeof ZEventListQuery>;

export const ZEventRetrieveInput = z.object({
  id: field.integer({ description: 'Event id' }),
  interaction_type_id: z
    .string()
    .optional()
    .describe('Interaction type id for `registered_users_count_by_interaction_type`; a non-integer counts 0'),
});

import type { EntityManager } from '@mikro-orm/postgresql';
import { execute } from '../sql.js';

/**
 * The columns of the Event representation (api.md §4.2) as read in one statement: the event's
 * own columns plus its location, type, unit ids and first unit, each as a correlated
 * sub-select, so a page of N events costs one query, not N.
 */
export interface EventRecord {
  id: number;
  name: string;
  datetime_from: string | null;
  datetime_to: string | null;
  program: string;
  intended_for: string;
  basic_purpose: string;
  opportunity: string;
  age_from: number | null;
  age_to: number | null;
  start_date: string | null;
  event_type_id: number | null;
  responsible_person: string;
  participation_fee: string;
  entry_form_url: string | null;
  web_url: string | null;
  invitation_text_short: string;
  working_hours: number | null;
  accommodation: string;
  diet: string[];
  looking_forward_to_you: string;
  registration_method: string;
  invitation_text_1: string;
  invitation_text_2: string;
  invitation_text_3: string;
  invitation_text_4: string;
  main_photo: string | null;
  additional_photo_1: string | null;
  additional_photo_2: string | null;
  additional_photo_3: string | null;
  additional_photo_4: string | null;
  additional_photo_5: string | null;
  additional_photo_6: string | null;
  additional_question_1: string;
  additional_question_2: string;
  additional_question_3: string;
  additional_question_4: string;
  contact_person_name: string;
  contact_person_email: string;
  contact_person_telephone: string;
  public_on_web_date_from: string | null;
  public_on_web_date_to: string | null;
  public_on_web: boolean;
  location: {
    id: number;
    name: string;
    place: string;
    region: string;
    gps_latitude: number | null;
    gps_longitude: number | null;
  } | null;
  event_type: { name: string; slug: string } | null;
  administrative_units: number[];
  first_unit: { name: string; web_url: string | null } | null;
}

const PLAIN_COLUMNS = [
  'id', 'name', 'program', 'intended_for', 'basic_purpose', 'opportunity', 'age_from', 'age_to', 'event_type_id',
  'responsible_person', 'participation_fee', 'entry_form_url', 'web_url', 'invitation_text_short', 'working_hours',
  'accommodation', 'diet', 'looking_forward_to_you', 'registration_method', 'invitation_text_1', 'invitation_text_2',
  'invitation_text_3', 'invitation_text_4', 'main_photo', 'additional_photo_1', 'additional_photo_2',
  'additional_photo_3', 'additional_photo_4', 'additional_photo_5', 'additional_photo_6', 'additional_question_1',
  'additional_question_2', 'additional_question_3', 'additional_question_4', 'contact_person_name',
  'contact_person_email', 'contact_person_telephone', 'public_on_web',
] as const;

// Dates and instants leave PostgreSQL as ISO text so no driver or time-zone setting can shift them.
export const EVENT_SELECT = `select ${PLAIN_COLUMNS.map((c) => `e.${c}`).join(', ')},
  to_json(e.datetime_from) #>> '{}' as datetime_from,
  to_json(e.datetime_to) #>> '{}' as datetime_to,
  to_json(e.start_date) #>> '{}' as start_date,
  e.public_on_web_date_from::text as public_on_web_date_from,
  e.public_on_web_date_to::text as public_on_web_date_to,
  (select json_build_object('id', l.id, 'name', l.name, 'place', l.place, 'region', l.region,
      'gps_latitude', l.gps_latitude, 'gps_longitude', l.gps_longitude)
     from location l where l.id = e.location_id) as location,
  (select json_build_object('name', t.name, 'slug', t.slug) from event_type t where t.id = e.event_type_id) as event_type,
  coalesce((select array_agg(x.administrative_unit_id order by x.administrative_unit_id)
     from event_administrative_units x where x.event_id = e.id), '{}') as administrative_units,
  (select json_build_object('name', u.name, 'web_url', u.web_url)
     from event_administrative_units x join administrative_unit u on u.id = x.administrative_unit_id
    where x.event_id = e.id order by u.id limit 1) as first_unit
  from event e`;

/** Load events by id in the given order (used after a page of ids has been chosen elsewhere). */
export async function loadEventRecords(em: EntityManager, ids: number[]): Promise<EventRecord[]> {
  if (ids.length === 0) return [];
  const rows = await execute<EventRecord[]>(em, `${EVENT_SELECT} where e.id in (?)`, [ids]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

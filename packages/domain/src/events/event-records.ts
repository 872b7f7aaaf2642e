import type { EntityManager } from '@mikro-orm/postgresql';
import { EVENT_FIELDS, type EventFieldKey, type EventFieldStore, type EventKeysStored, type TEvent } from '@klub/contracts';
import { execute } from '../sql.js';

/**
 * The Event representation (api.md §4.2, `EVENT_FIELDS` in @klub/contracts) as read in one
 * statement: the event's own columns plus its location, type, unit ids and first unit, each as a
 * correlated sub-select, so a page of N events costs one query, not N. Dates and instants are
 * ISO text; the serializer makes the wire values.
 */
export type EventRecord = Pick<TEvent, Exclude<EventFieldKey, EventKeysStored<'firstUnit'>>> & {
  first_unit: { name: string; web_url: string | null } | null;
};

// Dates and instants leave PostgreSQL as ISO text so no driver or time-zone setting can shift them.
const COLUMN_SELECT: Record<Exclude<EventFieldStore, 'related' | 'firstUnit'>, (column: string) => string> = {
  column: (c) => `e.${c}`,
  array: (c) => `e.${c}`,
  photo: (c) => `e.${c}`,
  instant: (c) => `to_json(e.${c}) #>> '{}' as ${c}`,
  date: (c) => `e.${c}::text as ${c}`,
};

/** The fields read from other tables, and the first unit the two `firstUnit` fields come from. */
const RELATED_SELECT: Record<EventKeysStored<'related'> | 'first_unit', string> = {
  location: `(select json_build_object('id', l.id, 'name', l.name, 'place', l.place, 'region', l.region,
      'gps_latitude', l.gps_latitude, 'gps_longitude', l.gps_longitude)
     from location l where l.id = e.location_id) as location`,
  event_type: `(select json_build_object('name', t.name, 'slug', t.slug) from event_type t where t.id = e.event_type_id) as event_type`,
  administrative_units: `coalesce((select array_agg(x.administrative_unit_id order by x.administrative_unit_id)
     from event_administrative_units x where x.event_id = e.id), '{}') as administrative_units`,
  first_unit: `(select json_build_object('name', u.name, 'web_url', u.web_url)
     from event_administrative_units x join administrative_unit u on u.id = x.administrative_unit_id
    where x.event_id = e.id order by u.id limit 1) as first_unit`,
};

export const EVENT_SELECT = `select ${[
  ...Object.entries(EVENT_FIELDS).flatMap(([key, f]) => (f.store === 'related' || f.store === 'firstUnit' ? [] : [COLUMN_SELECT[f.store](key)])),
  ...Object.values(RELATED_SELECT),
].join(',\n  ')}
  from event e`;

/** Load events by id in the given order (used after a page of ids has been chosen elsewhere). */
export async function loadEventRecords(em: EntityManager, ids: number[]): Promise<EventRecord[]> {
  if (ids.length === 0) return [];
  const rows = await execute<EventRecord[]>(em, `${EVENT_SELECT} where e.id in (?)`, [ids]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

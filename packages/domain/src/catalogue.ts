import type { EntityManager } from '@mikro-orm/postgresql';
import { floatJsonSql } from './events/event-json.js';
import { execute } from './sql.js';

export interface AdministrativeUnitRecord {
  id: number;
  name: string;
  street: string;
  city: string;
  zip_code: string;
  telephone: string;
  from_email_address: string;
  web_url: string | null;
  president_name: string | null;
  manager_name: string | null;
  gps_latitude: number | null;
  gps_longitude: number | null;
  level: string;
  /** The officers' profiles, for callers that cache the answer by the rows it read. */
  president_id: number | null;
  manager_id: number | null;
}

/** All units with their officers' names (api.md §5.3), one statement, ordered by id. */
export async function listAdministrativeUnits(em: EntityManager): Promise<AdministrativeUnitRecord[]> {
  return execute<AdministrativeUnitRecord[]>(em, 
    `select u.id, u.name, u.street, u.city, u.zip_code, u.telephone, u.from_email_address, u.web_url,
        case when pr.id is null then null else pr.first_name || ' ' || pr.last_name end as president_name,
        case when mg.id is null then null else mg.first_name || ' ' || mg.last_name end as manager_name,
        u.gps_latitude, u.gps_longitude, u.level, u.president_id, u.manager_id
       from administrative_unit u
       left join profile pr on pr.id = u.president_id
       left join profile mg on mg.id = u.manager_id
      order by u.id`,
  );
}

export interface InteractionTypeRecord {
  id: number;
  name: string;
  slug: string | null;
  category: { category: string; slug: string | null };
}

/** All interaction types with their category (api.md §5.4), ordered by id. */
export async function listInteractionTypes(em: EntityManager): Promise<InteractionTypeRecord[]> {
  return execute<InteractionTypeRecord[]>(em, 
    `select t.id, t.name, t.slug, json_build_object('category', c.category, 'slug', c.slug) as category
       from interaction_type t join interaction_category c on c.id = t.category_id
      order by t.id`,
  );
}

/**
 * `listAdministrativeUnits` as the JSON array of api.md §5.3, built by PostgreSQL (see
 * events/event-json.ts for the rules that keep it byte-identical), with the officers' profile ids
 * the answer read: one row `(json, officers)`.
 */
export const ADMINISTRATIVE_UNITS_JSON_SQL = `select
  (select '[' || coalesce(string_agg(row_to_json(r)::text, ',' order by r.id), '') || ']'
     from administrative_unit u
     left join profile pr on pr.id = u.president_id
     left join profile mg on mg.id = u.manager_id
     cross join lateral (select u.id, u.name, u.street, u.city, u.zip_code, u.telephone, u.from_email_address, u.web_url,
         case when pr.id is null then null else pr.first_name || ' ' || pr.last_name end as president_name,
         case when mg.id is null then null else mg.first_name || ' ' || mg.last_name end as manager_name,
         ${floatJsonSql('u.gps_latitude')} as gps_latitude, ${floatJsonSql('u.gps_longitude')} as gps_longitude,
         u.level) r) as json,
  (select coalesce(array_agg(o.id), '{}') from administrative_unit u
     cross join lateral unnest(array[u.president_id, u.manager_id]) o(id) where o.id is not null) as officers`;

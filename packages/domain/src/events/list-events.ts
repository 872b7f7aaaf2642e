import type { EntityManager } from '@mikro-orm/postgresql';
import { execute } from '../sql.js';
import {
  BASIC_PURPOSE,
  EVENT_LIST_TYPES,
  EVENT_ORDERING,
  INTENDED_FOR,
  MSG,
  pragueLocalToInstant,
  type TEventListType,
} from '@klub/contracts';
import { ValidationError } from '../errors.js';
import { EVENT_SELECT, type EventRecord } from './event-records.js';

/** Query parameters of `GET /api/event/` (api.md §5.1), as received (strings; empty = absent). */
export interface EventFilterQuery {
  datetime_from__gte?: string | undefined;
  datetime_from__lte?: string | undefined;
  datetime_from__year?: string | undefined;
  datetime_to__gte?: string | undefined;
  datetime_to__lte?: string | undefined;
  datetime_to__year?: string | undefined;
  start_date__gte?: string | undefined;
  start_date__lte?: string | undefined;
  start_date__year?: string | undefined;
  intended_for?: string | undefined;
  program?: string | undefined;
  basic_purpose?: string | undefined;
  is_internal?: string | undefined;
  administrative_unit?: string | undefined;
  event_type_array?: string | undefined;
  program_array?: string | undefined;
  intended_for_array?: string | undefined;
  type?: string | undefined;
}


/** Default order (api.md §1.7, D4): accent-folded, case-insensitive name, then id. */
const DEFAULT_ORDER = 'public.klub_fold(e.name), e.id';

// django-filter's IsoDateTimeFilter: a full date and time is required; no offset = Prague time.
const ISO_DATETIME =
  /^(\d{4})-(\d{1,2})-(\d{1,2})[T ](\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,6}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/;

export function parseFilterDateTime(value: string): Date | null {
  const m = ISO_DATETIME.exec(value.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s = '0', frac = '', tz] = m;
  const ms = Number(frac.padEnd(3, '0').slice(0, 3) || '0');
  const parts = [Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s)] as const;
  if (parts[1] < 1 || parts[1] > 12 || parts[2] < 1 || parts[2] > 31 || parts[3] > 23 || parts[4] > 59 || parts[5] > 59) {
    return null;
  }
  let instant: Date;
  if (!tz) {
    instant = pragueLocalToInstant(...parts, ms);
  } else {
    const utc = Date.UTC(parts[0], parts[1] - 1, parts[2], parts[3], parts[4], parts[5], ms);
    let offsetMin = 0;
    if (tz !== 'Z') {
      const sign = tz.startsWith('-') ? -1 : 1;
      const digits = tz.slice(1).replace(':', '');
      offsetMin = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0'));
    }
    instant = new Date(utc - offsetMin * 60000);
  }
  // Reject dates like 2021-02-31 that Date.UTC silently rolls over.
  const check = new Date(Date.UTC(parts[0], parts[1] - 1, parts[2]));
  if (check.getUTCMonth() !== parts[1] - 1) return null;
  return instant;
}

const present = (v: string | undefined): v is string => v !== undefined && v.trim() !== '';
const list = (v: string) => v.split(',').map((x) => x.trim()).filter(Boolean);

const INTERNAL_CAMP = `(e.is_internal and exists (select 1 from event_type t where t.id = e.event_type_id and t.slug = 'tabor'))`;

/** The condition of each `?type=` preset; any other value does not filter. */
const LIST_TYPE_WHERE: Record<TEventListType, string> = {
  klub: 'e.is_internal',
  vik: `not ${INTERNAL_CAMP}`,
  tabor: `exists (select 1 from event_type t where t.id = e.event_type_id and t.slug = 'tabor')`,
  viktabor: 'not e.is_internal',
  ekostan: `e.program = 'eco_consulting'`,
  vikekostan: `e.program = 'eco_consulting' and not ${INTERNAL_CAMP}`,
};
const isListType = (v: string | undefined): v is TEventListType => (EVENT_LIST_TYPES as readonly (string | undefined)[]).includes(v);

/** Build the WHERE clause of an event list; invalid values give django-filter's 400 bodies. */
export function buildEventFilters(
  q: EventFilterQuery,
  programTypes: readonly string[],
): { where: string[]; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  const errors: Record<string, string[]> = {};

  for (const col of ['datetime_from', 'datetime_to', 'start_date'] as const) {
    for (const [suffix, op] of [['gte', '>='], ['lte', '<=']] as const) {
      const key = `${col}__${suffix}` as const;
      const raw = q[key];
      if (!present(raw)) continue;
      const at = parseFilterDateTime(raw);
      if (!at) errors[key] = [MSG.enterValidDatetime];
      else {
        where.push(`e.${col} ${op} ?`);
        params.push(at);
      }
    }
    const yearKey = `${col}__year` as const;
    const year = q[yearKey];
    if (present(year)) {
      if (!/^-?\d+$/.test(year.trim())) errors[yearKey] = ['Enter a number.'];
      else {
        where.push(`extract(year from e.${col} at time zone 'Europe/Prague') = ?`);
        params.push(Number(year));
      }
    }
  }

  const choice = (key: 'intended_for' | 'program' | 'basic_purpose', allowed: readonly string[]) => {
    const raw = q[key];
    if (!present(raw)) return;
    if (!allowed.includes(raw)) errors[key] = [MSG.selectValidChoice(raw)];
    else {
      where.push(`e.${key} = ?`);
      params.push(raw);
    }
  };
  // The lists the OpenAPI document offers for these parameters (ZEventListQuery).
  choice('intended_for', INTENDED_FOR);
  choice('program', programTypes);
  choice('basic_purpose', BASIC_PURPOSE);

  if (present(q.is_internal)) {
    const v = q.is_internal.trim().toLowerCase();
    if (v === 'true' || v === '1') where.push('e.is_internal');
    else if (v === 'false' || v === '0') where.push('not e.is_internal');
  }

  if (present(q.administrative_unit)) {
    if (!/^-?\d+$/.test(q.administrative_unit.trim())) errors.administrative_unit = [MSG.enterWholeNumber];
    else {
      where.push('exists (select 1 from event_administrative_units x where x.event_id = e.id and x.administrative_unit_id = ?)');
      params.push(Number(q.administrative_unit));
    }
  }

  const inList = (raw: string | undefined, expr: string) => {
    const values = present(raw) ? list(raw) : [];
    if (values.length === 0) return;
    // knex expands an array binding into `?, ?, …`.
    where.push(`${expr} in (?)`);
    params.push(values);
  };
  inList(q.event_type_array, '(select t.slug from event_type t where t.id = e.event_type_id)');
  inList(q.program_array, 'e.program');
  inList(q.intended_for_array, 'e.intended_for');

  const preset = q.type?.trim();
  if (isListType(preset)) where.push(LIST_TYPE_WHERE[preset]);

  if (Object.keys(errors).length) throw new ValidationError(errors);
  return { where, params };
}

/** A parsed `ordering` term: a column of the Event allow-list and a direction. */
export interface EventOrderTerm {
  field: string;
  direction: 'asc' | 'desc';
}

/** ORDER BY for event lists; the router has checked `terms` against EVENT_ORDERING. */
export function eventOrderBy(terms: readonly EventOrderTerm[]): string {
  const safe = terms.filter((t) => (EVENT_ORDERING as readonly string[]).includes(t.field));
  if (safe.length === 0) return DEFAULT_ORDER;
  // A stable tie-breaker keeps pages disjoint.
  return `${safe.map((t) => `e.${t.field} ${t.direction === 'desc' ? 'desc' : 'asc'}`).join(', ')}, e.id`;
}

export interface EventPageRequest {
  publicOnly: boolean;
  filters?: { where: string[]; params: unknown[] };
  orderBy: string;
}

/** Count, then read one page: two statements whatever the page size. */
export async function countEvents(em: EntityManager, req: EventPageRequest): Promise<number> {
  const { sql, params } = whereSql(req);
  const [row] = await execute<Array<{ n: string }>>(em, `select count(*) as n from event e ${sql}`, params);
  return Number(row?.n ?? 0);
}

export async function pageEvents(
  em: EntityManager,
  req: EventPageRequest,
  limit: number,
  offset: number,
): Promise<EventRecord[]> {
  const { sql, params } = whereSql(req);
  // The page's ids first, then the per-row subqueries of EVENT_SELECT for those rows only: with
  // OFFSET in the outer query PostgreSQL would build every skipped row too (page 50 cost 50 pages).
  return execute<EventRecord[]>(
    em,
    `${EVENT_SELECT}
     join (select e.id as page_id from event e ${sql} order by ${req.orderBy} limit ? offset ?) page on page.page_id = e.id
     order by ${req.orderBy}`,
    [...params, limit, offset],
  );
}

function whereSql(req: EventPageRequest): { sql: string; params: unknown[] } {
  const where = [...(req.publicOnly ? ['e.public_on_web'] : []), ...(req.filters?.where ?? [])];
  return { sql: where.length ? `where ${where.join(' and ')}` : '', params: req.filters?.params ?? [] };
}

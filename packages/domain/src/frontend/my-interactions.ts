import type { EntityManager } from '@mikro-orm/postgresql';
import { MSG, formatDateTime, parseDrfInteger, type TMyInteraction } from '@klub/contracts';
import { ValidationError } from '../errors.js';
import { execute } from '../sql.js';

/**
 * `GET /api/frontend/my_interactions/` (beyond the reference, whose documentation lists it as
 * missing): the caller's own timeline, every interaction type, newest first. Internal notes
 * stay internal: only the subject and summary (what the person was sent or answered) show.
 */
export interface MyInteractionFilter {
  /** Comma-separated type slugs. */
  type__slug?: string | undefined;
  /** An event id. */
  event?: string | undefined;
}

function whereSql(ownerId: number, f: MyInteractionFilter): { sql: string; params: unknown[] } {
  const where = ['i.user_id = ?'];
  const params: unknown[] = [ownerId];
  const slugs = (f.type__slug ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (slugs.length) {
    where.push('t.slug in (?)');
    params.push(slugs);
  }
  if (f.event !== undefined && f.event.trim() !== '') {
    const eventId = parseDrfInteger(f.event);
    if (eventId === undefined) throw ValidationError.field('event', MSG.enterWholeNumber);
    where.push('i.event_id = ?');
    params.push(eventId);
  }
  return { sql: `where ${where.join(' and ')}`, params };
}

const FROM = 'from interaction i join interaction_type t on t.id = i.type_id join interaction_category c on c.id = t.category_id';

export async function countMyInteractions(em: EntityManager, ownerId: number, f: MyInteractionFilter): Promise<number> {
  const { sql, params } = whereSql(ownerId, f);
  const [row] = await execute<Array<{ n: string }>>(em, `select count(*) as n ${FROM} ${sql}`, params);
  return Number(row?.n ?? 0);
}

interface Row extends Omit<TMyInteraction, 'date_from' | 'created' | 'updated'> {
  date_from: string;
  created: string | null;
  updated: string | null;
}

export async function pageMyInteractions(
  em: EntityManager,
  ownerId: number,
  f: MyInteractionFilter,
  limit: number,
  offset: number,
): Promise<TMyInteraction[]> {
  const { sql, params } = whereSql(ownerId, f);
  const rows = await execute<Row[]>(
    em,
    `select i.id, i.subject, t.slug as type__slug, t.name as type__name, c.slug as category__slug, i.event_id as event,
        i.administrative_unit_id as administrative_unit, i.summary,
        to_json(i.date_from) #>> '{}' as date_from, to_json(i.created) #>> '{}' as created,
        to_json(i.updated) #>> '{}' as updated
       ${FROM} ${sql} order by i.date_from desc, i.id desc limit ? offset ?`,
    [...params, limit, offset],
  );
  const at = (iso: string | null) => (iso ? formatDateTime(new Date(iso)) : null);
  return rows.map((r) => ({ ...r, date_from: formatDateTime(new Date(r.date_from)), created: at(r.created), updated: at(r.updated) }));
}

import type { EntityManager } from '@mikro-orm/postgresql';
import type { TEventType, TOrganizationPosition } from '@klub/contracts';
import { NotFound } from '../errors.js';
import { execute } from '../sql.js';

/** Organization positions (api.md §7.8), ordered by id; `id` picks one (404 when unknown). */
export async function listOrganizationPositions(em: EntityManager, id?: number): Promise<TOrganizationPosition[]> {
  const where = id === undefined ? '' : 'where id = ?';
  return execute<TOrganizationPosition[]>(em, `select id, name, description from organization_position ${where} order by id`, id === undefined ? [] : [id]);
}

export async function getOrganizationPosition(em: EntityManager, id: number): Promise<TOrganizationPosition> {
  const [row] = await listOrganizationPositions(em, id);
  if (!row) throw new NotFound();
  return row;
}

/** Event types in full (api.md §4.4, §7.9), ordered by id. */
export async function listEventTypes(em: EntityManager, id?: number): Promise<TEventType[]> {
  const where = id === undefined ? '' : 'where id = ?';
  return execute<TEventType[]>(
    em,
    `select id, name, slug, description, administrative_unit_id as administrative_unit from event_type ${where} order by id`,
    id === undefined ? [] : [id],
  );
}

export async function getEventType(em: EntityManager, id: number): Promise<TEventType> {
  const [row] = await listEventTypes(em, id);
  if (!row) throw new NotFound();
  return row;
}

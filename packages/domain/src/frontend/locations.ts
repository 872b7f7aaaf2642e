import type { EntityManager } from '@mikro-orm/postgresql';
import type { TLocation, TLocationPatchInput } from '@klub/contracts';
import { NotFound } from '../errors.js';
import { execute } from '../sql.js';

/** Locations (api.md §4.3, §7.10): full CRUD for staff and event organizers. */

const COLUMNS = 'id, name, place, region, gps_latitude, gps_longitude';
const WRITABLE = ['name', 'place', 'region', 'gps_latitude', 'gps_longitude'] as const;

export async function listLocations(em: EntityManager): Promise<TLocation[]> {
  return execute<TLocation[]>(em, `select ${COLUMNS} from location order by id`);
}

export async function getLocation(em: EntityManager, id: number): Promise<TLocation> {
  const [row] = await execute<TLocation[]>(em, `select ${COLUMNS} from location where id = ?`, [id]);
  if (!row) throw new NotFound();
  return row;
}

type LocationFields = Omit<TLocationPatchInput, 'id'>;

const present = (input: LocationFields) => WRITABLE.filter((k) => input[k] !== undefined);

export async function createLocation(em: EntityManager, input: LocationFields & { name: string }): Promise<TLocation> {
  const keys = present(input);
  const [row] = await execute<TLocation[]>(
    em,
    `insert into location (${keys.join(', ')}) values (${keys.map(() => '?').join(', ')}) returning ${COLUMNS}`,
    keys.map((k) => input[k]),
  );
  return row!;
}

/** PUT and PATCH: the keys present are written, the others kept. */
export async function updateLocation(em: EntityManager, id: number, input: LocationFields): Promise<TLocation> {
  const keys = present(input);
  if (keys.length === 0) return getLocation(em, id);
  const [row] = await execute<TLocation[]>(
    em,
    `update location set ${keys.map((k) => `${k} = ?`).join(', ')} where id = ? returning ${COLUMNS}`,
    [...keys.map((k) => input[k]), id],
  );
  if (!row) throw new NotFound();
  return row;
}

/** Events that used the location keep existing with `location = null` (foreign key SET NULL). */
export async function deleteLocation(em: EntityManager, id: number): Promise<void> {
  const rows = await execute<unknown[]>(em, 'delete from location where id = ? returning id', [id]);
  if (rows.length === 0) throw new NotFound();
}

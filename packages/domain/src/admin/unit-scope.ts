import type { EntityManager } from '@mikro-orm/postgresql';
import type { StaffRole } from '@klub/contracts';
import { PermissionDenied } from '../errors.js';
import { execute } from '../sql.js';

/**
 * Who may see which rows of the admin (issue 17 §1, domain.md §2.1 `can_administer_profile`).
 *
 * - superuser: everything, configuration included (OAuth applications, staff accounts);
 * - organisation staff (`is_staff` + the `edit_all_units` role, the original's
 *   `aklub.can_edit_all_units`): every unit's data, no configuration;
 * - unit staff (`is_staff` alone): the data of their `profile_administrated_units` only.
 *
 * Every admin resource declares once how its rows reach a unit (`UnitReach`, next to the
 * resource); the generic CRUD turns the declaration into an SQL predicate, so a list page is
 * still one statement and no row of another unit is ever loaded.
 */


/** What an admin caller may reach: `unitIds` matters for unit staff only. */
export interface StaffAccess {
  role: StaffRole;
  unitIds: readonly number[];
}

/** The CLI and other trusted callers on the server. */
export const SUPERUSER_ACCESS: StaffAccess = { role: 'superuser', unitIds: [] };

/** Superusers and organisation staff see every unit. */
export const seesAllUnits = (access: StaffAccess): boolean => access.role !== 'unit';

/**
 * A boolean SQL expression over the row alias `row` and `units`, an `int[]` expression of the
 * caller's unit ids. Only identifiers written in code go in; the ids are rendered by `unitArray`.
 */
export type UnitPredicate = (row: string, units: string) => string;

/**
 * How the rows of a resource reach a unit:
 * - `units`: through `sql` (a column, a many-to-many table, another row…);
 * - `shared`: catalogues every unit uses (locations, positions, interaction types): every staff
 *   member reads them, only staff of the whole organisation change them;
 * - `configuration`: superusers only (OAuth applications).
 */
export type UnitReach = { kind: 'units'; sql: UnitPredicate } | { kind: 'shared' } | { kind: 'configuration' };

/** The building blocks of the declarations. */
export const reach = {
  /** The row's own unit column (`administrative_unit_id`; `id` for the unit itself). */
  column: (column: string): UnitReach => ({ kind: 'units', sql: (row, units) => `${row}.${column} = any(${units})` }),

  /** A many-to-many table `pivot(fk, administrative_unit_id)` (a person's units, an event's units). */
  members: (pivot: string, fk: string, column = 'id'): UnitReach => ({
    kind: 'units',
    sql: (row, units) => {
      const x = `${row}_m`;
      return `exists (select 1 from ${pivot} ${x} where ${x}.${fk} = ${row}.${column} and ${x}.administrative_unit_id = any(${units}))`;
    },
  }),

  /** Through the row `fk` points to in `table`, which reaches its units by `target`. */
  through: (fk: string, table: string, target: UnitReach): UnitReach => ({
    kind: 'units',
    sql: (row, units) => {
      const x = `${row}_t`;
      return `exists (select 1 from ${table} ${x} where ${x}.id = ${row}.${fk} and ${predicate(target, x, units)})`;
    },
  }),

  /** Any of several ways (an interaction: its unit or its person). */
  anyOf: (...ways: UnitReach[]): UnitReach => ({
    kind: 'units',
    sql: (row, units) => `(${ways.map((w) => predicate(w, row, units)).join(' or ')})`,
  }),

  /** An `int[]` column of unit ids (audit entries). */
  unitList: (column: string): UnitReach => ({ kind: 'units', sql: (row, units) => `${row}.${column} && ${units}` }),

  shared: { kind: 'shared' } as UnitReach,
  configuration: { kind: 'configuration' } as UnitReach,
};

/** A person reaches the units they belong to (`profile_administrative_units`). */
export const PERSON_REACH = reach.members('profile_administrative_units', 'profile_id');

function predicate(way: UnitReach, row: string, units: string): string {
  if (way.kind !== 'units') throw new Error(`a ${way.kind} resource cannot be reached through`);
  return way.sql(row, units);
}

/** The caller's unit ids as an SQL literal; they come from the database, checked again here. */
export function unitArray(unitIds: readonly number[]): string {
  for (const id of unitIds) if (!Number.isSafeInteger(id)) throw new Error(`not a unit id: ${String(id)}`);
  return `array[${unitIds.join(',')}]::int[]`;
}

/**
 * The predicate that limits `reach` rows (alias `row`) to what `access` sees, or null when the
 * caller sees them all. Configuration never reaches non-superusers (`false`).
 */
export function scopePredicate(reachOf: UnitReach, access: StaffAccess, row: string): string | null {
  if (access.role === 'superuser') return null;
  if (reachOf.kind === 'configuration') return 'false';
  if (reachOf.kind === 'shared' || seesAllUnits(access)) return null;
  return reachOf.sql(row, unitArray(access.unitIds));
}

/** May `access` change rows of a resource at all (before any row is looked at)? */
export function mayWrite(reachOf: UnitReach, access: StaffAccess): boolean {
  if (reachOf.kind === 'configuration') return access.role === 'superuser';
  if (reachOf.kind === 'shared') return seesAllUnits(access);
  return true;
}

/** Work that concerns the whole organisation (the payment check, the jobs view). */
export function ensureWholeOrganisation(access: StaffAccess): void {
  if (!seesAllUnits(access)) throw new PermissionDenied();
}

/** A write addressed to unit `unitId` (a statement upload): 403 unless the caller administers it. */
export function ensureUnitAdministered(access: StaffAccess, unitId: number): void {
  if (!seesAllUnits(access) && !access.unitIds.includes(unitId)) throw new PermissionDenied();
}

/**
 * The units row `id` of `table` reaches, in one statement (every unit is tried against the
 * declaration; an installation has tens of units). Recorded with audit entries, so an entry
 * stays in its units' view after the row itself is gone.
 */
export async function unitsOfRow(em: EntityManager, table: string, reachOf: UnitReach, id: number): Promise<number[] | null> {
  if (reachOf.kind !== 'units') return null;
  const rows = await execute<Array<{ ids: number[] | null }>>(
    em,
    `select array(select u.id from administrative_unit u
        where exists (select 1 from "${table}" r where r.id = ? and ${reachOf.sql('r', 'array[u.id]')}) order by u.id) as ids`,
    [id],
  );
  return rows[0]?.ids ?? [];
}

/**
 * The admin role of profile `profileId`, or null when they are no staff (nor an active
 * superuser). One statement.
 */
export async function staffAccessOf(em: EntityManager, profileId: number): Promise<StaffAccess | null> {
  const rows = await execute<Array<{ is_superuser: boolean; is_staff: boolean; all_units: boolean; unit_ids: number[] }>>(
    em,
    `select p.is_superuser, p.is_staff,
            exists (select 1 from profile_role r where r.profile_id = p.id and r.role = 'edit_all_units') as all_units,
            array(select a.administrative_unit_id from profile_administrated_units a where a.profile_id = p.id
                   order by a.administrative_unit_id) as unit_ids
       from profile p where p.id = ? and p.is_active`,
    [profileId],
  );
  const row = rows[0];
  if (!row) return null;
  if (row.is_superuser) return { role: 'superuser', unitIds: row.unit_ids };
  if (!row.is_staff) return null;
  return { role: row.all_units ? 'organisation' : 'unit', unitIds: row.unit_ids };
}

/**
 * `can_administer_profile` (domain.md §2.1) for every feature that touches a person on a staff
 * member's behalf (data-protection export and erasure, tax confirmations, mailings): superusers
 * and organisation staff administer everyone, unit staff the people of their units.
 */
export async function canAdministerPerson(em: EntityManager, access: StaffAccess, profileId: number): Promise<boolean> {
  const where = scopePredicate(PERSON_REACH, access, 'p');
  const rows = await execute<unknown[]>(em, `select 1 from profile p where p.id = ?${where ? ` and ${where}` : ''}`, [profileId]);
  return rows.length > 0;
}

/**
 * The same rule as an SQL condition over a profile alias, for set-based statements (a mailing's
 * recipients, a yearly batch of tax confirmations): `where ${personScopeSql(access, 'p') ?? 'true'}`.
 * Null when the caller administers everyone.
 */
export function personScopeSql(access: StaffAccess, profileAlias: string): string | null {
  return scopePredicate(PERSON_REACH, access, profileAlias);
}

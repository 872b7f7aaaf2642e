import type { EntityManager } from '@mikro-orm/postgresql';
import { NotFound, ValidationError } from '../errors.js';
import { execute, inTransaction } from '../sql.js';
import { recordAudit, type AdminActor } from './audit-log.js';
import type { StaffRole, TStaffAccount } from '@klub/contracts';
import { staffAccessOf } from './unit-scope.js';

/**
 * Staff accounts (issue 17 §1), for the CLI (`klub staff grant|revoke|list`): organisation staff
 * are `is_staff` with the `edit_all_units` role, unit staff `is_staff` with the units they
 * administer (`profile_administrated_units`). The admin API sets the same columns through the
 * profile's `is_staff`, `roles` and `administrated_units` fields (superusers only).
 */

/** `{ unitId }`: administer that unit; `{ allUnits: true }`: every unit (organisation staff). */
export type StaffGrant = { unitId: number } | { allUnits: true };

export interface StaffAccount {
  id: number;
  username: string | null;
  role: StaffRole;
  unitIds: number[];
}

/** A staff account's profile: by username (the CLI) or by id (the admin API). */
export type StaffWho = string | { id: number };

async function profileOf(em: EntityManager, who: StaffWho): Promise<{ id: number; username: string | null }> {
  const [row] = await execute<Array<{ id: number; username: string | null }>>(
    em,
    `select id, username from profile where ${typeof who === 'string' ? 'username' : 'id'} = ?`,
    [typeof who === 'string' ? who : who.id],
  );
  if (!row) throw new NotFound(typeof who === 'string' ? `No profile with the username "${who}".` : undefined);
  return row;
}

async function current(em: EntityManager, id: number): Promise<StaffAccount | null> {
  const access = await staffAccessOf(em, id);
  return access ? { id, username: null, role: access.role, unitIds: [...access.unitIds] } : null;
}

const shown = (a: StaffAccount | null) => (a ? { role: a.role, unit_ids: a.unitIds } : null);

/** The change as an audit entry (no units: staff accounts are configuration, for organisation staff). */
async function audit(em: EntityManager, actor: AdminActor, action: string, id: number, before: StaffAccount | null): Promise<StaffAccount | null> {
  const after = await current(em, id);
  await recordAudit(em, { actor, action, resource: 'profiles', objectId: id, changes: { staff: { old: shown(before), new: shown(after) } } });
  return after;
}

/** Make `username` staff of one unit more, or of the whole organisation. */
export async function grantStaff(em: EntityManager, who: StaffWho, grant: StaffGrant, actor: AdminActor): Promise<StaffAccount> {
  return inTransaction(em, async (tx) => {
    const { id, username } = await profileOf(tx, who);
    const before = await current(tx, id);
    if ('unitId' in grant) {
      const [unit] = await execute<unknown[]>(tx, 'select 1 from administrative_unit where id = ?', [grant.unitId]);
      if (!unit) throw ValidationError.field('administrative_unit', `No administrative unit with the id ${grant.unitId}.`);
      await execute(
        tx,
        'insert into profile_administrated_units (profile_id, administrative_unit_id) values (?, ?) on conflict do nothing',
        [id, grant.unitId],
      );
    } else {
      await execute(tx, `insert into profile_role (profile_id, role) values (?, 'edit_all_units') on conflict do nothing`, [id]);
    }
    await execute(tx, 'update profile set is_staff = true where id = ?', [id]);
    const after = (await audit(tx, actor, 'grant-staff', id, before))!;
    return { ...after, username };
  });
}

/**
 * Take one unit, or the whole organisation, away from `username`; without either, end their
 * staff account (`is_staff` false, no units, no organisation role). Superusers stay superusers.
 */
export async function revokeStaff(
  em: EntityManager,
  who: StaffWho,
  what: StaffGrant | null,
  actor: AdminActor,
): Promise<StaffAccount | null> {
  return inTransaction(em, async (tx) => {
    const { id, username } = await profileOf(tx, who);
    const before = await current(tx, id);
    if (what === null || 'unitId' in what) {
      await execute(
        tx,
        `delete from profile_administrated_units where profile_id = ?${what ? ' and administrative_unit_id = ?' : ''}`,
        what ? [id, what.unitId] : [id],
      );
    }
    if (what === null || 'allUnits' in what) {
      await execute(tx, `delete from profile_role where profile_id = ? and role = 'edit_all_units'`, [id]);
    }
    if (what === null) await execute(tx, 'update profile set is_staff = false where id = ?', [id]);
    const after = await audit(tx, actor, 'revoke-staff', id, before);
    return after ? { ...after, username } : null;
  });
}

/** Every staff account and superuser, with role and administered units, by username. */
export async function listStaff(em: EntityManager): Promise<StaffAccount[]> {
  const rows = await execute<Array<{ id: number; username: string | null; is_superuser: boolean; all_units: boolean; unit_ids: number[] }>>(
    em,
    `select p.id, p.username, p.is_superuser,
            exists (select 1 from profile_role r where r.profile_id = p.id and r.role = 'edit_all_units') as all_units,
            array(select a.administrative_unit_id from profile_administrated_units a where a.profile_id = p.id
                   order by a.administrative_unit_id) as unit_ids
       from profile p
      where p.is_active and (p.is_staff or p.is_superuser)
      order by p.username, p.id`,
  );
  return rows.map((r) => ({
    id: r.id,
    username: r.username,
    role: r.is_superuser ? 'superuser' : r.all_units ? 'organisation' : 'unit',
    unitIds: r.unit_ids,
  }));
}

/** The staff accounts as the admin API shows them (issue 17 §1): name and e-mail beside role and units. */
export async function listStaffAccounts(em: EntityManager): Promise<TStaffAccount[]> {
  const rows = await execute<Array<{ id: number; name: string; email: string | null }>>(
    em,
    `select p.id, trim(p.first_name || ' ' || p.last_name) as name, p.email from profile p
      where p.is_active and (p.is_staff or p.is_superuser)`,
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  return (await listStaff(em)).map((a) => shape(a, byId.get(a.id)));
}

/** One account as the admin API shows it (after a grant or a revoke). */
export async function staffAccountOf(em: EntityManager, id: number): Promise<TStaffAccount | null> {
  const [row] = await execute<Array<{ id: number; username: string | null; name: string; email: string | null }>>(
    em,
    `select p.id, p.username, trim(p.first_name || ' ' || p.last_name) as name, p.email from profile p where p.id = ?`,
    [id],
  );
  const account = row ? await current(em, id) : null;
  return account && row ? shape({ ...account, username: row.username }, row) : null;
}

function shape(a: StaffAccount, person: { name: string; email: string | null } | undefined): TStaffAccount {
  return { id: a.id, username: a.username, name: person?.name ?? '', email: person?.email ?? null, role: a.role, administered_units: a.unitIds };
}

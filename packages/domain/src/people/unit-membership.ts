import type { EntityManager } from '@mikro-orm/postgresql';
import { execute } from '../sql.js';

/**
 * Add administrative units to a profile's member units with the side effects of api.md §12.5 /
 * domain.md §2.6: a profile that had no preference rows (and is not an all-units editor) is
 * (re)activated, and every newly added unit gets a preference row. Units the profile already
 * has are a no-op. Set-based: three statements whatever the number of units.
 */
export async function addUnitsToProfile(em: EntityManager, profileId: number, unitIds: number[]): Promise<void> {
  const ids = [...new Set(unitIds)];
  if (ids.length === 0) return;
  const added = await execute<Array<{ administrative_unit_id: number }>>(
    em,
    `insert into profile_administrative_units (profile_id, administrative_unit_id)
     select ?, u.id from administrative_unit u where u.id in (?)
     on conflict do nothing returning administrative_unit_id`,
    [profileId, ids],
  );
  if (added.length === 0) return;
  await execute(
    em,
    `update profile set is_active = true
      where id = ? and not exists (select 1 from preference where user_id = ?)
        and not exists (select 1 from profile_role where profile_id = ? and role = 'edit_all_units')`,
    [profileId, profileId, profileId],
  );
  await execute(
    em,
    `insert into preference (user_id, administrative_unit_id)
     select ?, u.id from administrative_unit u
      where u.id in (?)
        and not exists (select 1 from preference p where p.user_id = ? and p.administrative_unit_id = u.id)`,
    [profileId, added.map((a) => a.administrative_unit_id), profileId],
  );
}

/**
 * Remove units from a profile's member units (domain.md §2.6): their preference rows go, and a
 * profile left with no preference rows (and not an all-units editor) is deactivated.
 */
export async function removeUnitsFromProfile(em: EntityManager, profileId: number, unitIds: number[]): Promise<void> {
  const ids = [...new Set(unitIds)];
  if (ids.length === 0) return;
  await execute(em, `delete from profile_administrative_units where profile_id = ? and administrative_unit_id in (?)`, [
    profileId,
    ids,
  ]);
  await execute(em, `delete from preference where user_id = ? and administrative_unit_id in (?)`, [profileId, ids]);
  await execute(
    em,
    `update profile set is_active = false
      where id = ? and not exists (select 1 from preference where user_id = ?)
        and not exists (select 1 from profile_role where profile_id = ? and role = 'edit_all_units')`,
    [profileId, profileId, profileId],
  );
}

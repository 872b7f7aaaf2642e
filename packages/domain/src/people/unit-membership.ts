import type { EntityManager } from '@mikro-orm/postgresql';
import type { MailingConsentSource } from '@klub/contracts';
import { execute } from '../sql.js';
import { raw, run, sql, type Sql } from '../sql-fragment.js';
import { consentRecordedCte } from './mailing-consent.js';

/** How a unit was joined, for the consent history of its new preference row. */
export interface JoinedBy {
  source: MailingConsentSource;
  actorId: number | null;
}

/**
 * The condition of api.md §12.5 / domain.md §2.6 under which `profileId` (an SQL expression)
 * is (re)activated on joining a unit: it had no preference rows and is not an all-units editor.
 */
export function reactivatesOnJoining(profileId: Sql): Sql {
  return sql`not exists (select 1 from preference where user_id = ${profileId})
    and not exists (select 1 from profile_role where profile_id = ${profileId} and role = 'edit_all_units')`;
}

/** Whether `profileId` is not yet a member of one of the existing units `unitIds` (SQL expressions, `unitIds` an int[]). */
export function joinsAUnit(profileId: Sql, unitIds: Sql): Sql {
  return sql`exists (select 1 from administrative_unit u where u.id = any(${unitIds})
    and not exists (select 1 from profile_administrative_units m where m.profile_id = ${profileId} and m.administrative_unit_id = u.id))`;
}

/**
 * CTEs `units_added` (the memberships created) and `preferences_added` that add to each profile
 * of the CTE `profiles` (columns `id`, `unit_ids int[]`) its units, each new membership with its
 * preference row, whose consent goes into the consent history (`joinedBy`). The profile row
 * itself is left to the caller: a statement may update a row only once, so reactivation goes
 * into whichever update of the profile the statement already makes.
 */
export function unitMembershipCtes(profiles: string, joinedBy: JoinedBy): Sql {
  return sql`units_added as (
      insert into profile_administrative_units (profile_id, administrative_unit_id)
      select p.id, u.id from ${raw(profiles)} p join administrative_unit u on u.id = any(p.unit_ids)
      on conflict do nothing returning profile_id, administrative_unit_id
    ),
    preferences_added as (
      insert into preference (user_id, administrative_unit_id)
      select a.profile_id, a.administrative_unit_id from units_added a
       where not exists (select 1 from preference p where p.user_id = a.profile_id and p.administrative_unit_id = a.administrative_unit_id)
      on conflict do nothing
      returning user_id, administrative_unit_id, send_mailing_lists
    ),
    ${consentRecordedCte('preferences_added', joinedBy.source, joinedBy.actorId)}`;
}

/**
 * Add administrative units to a profile's member units with the side effects of api.md §12.5 /
 * domain.md §2.6: a profile that had no preference rows (and is not an all-units editor) is
 * (re)activated, and every newly added unit gets a preference row. Units the profile already
 * has are a no-op. One statement whatever the number of units.
 */
export async function addUnitsToProfile(em: EntityManager, profileId: number, unitIds: number[], joinedBy: JoinedBy): Promise<void> {
  const ids = [...new Set(unitIds)];
  if (ids.length === 0) return;
  // The ids as one int[] literal (an array given to `sql` would expand into a list).
  await run(
    em,
    sql`with profiles as (select ${profileId}::int as id, ${`{${ids.join(',')}}`}::int[] as unit_ids),
      ${unitMembershipCtes('profiles', joinedBy)},
      reactivated as (
        update profile set is_active = true
         where id = ${profileId} and exists (select 1 from units_added) and ${reactivatesOnJoining(raw('profile.id'))}
      )
    select 1`,
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

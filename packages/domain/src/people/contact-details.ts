import type { EntityManager } from '@mikro-orm/postgresql';
import { MSG } from '@klub/contracts';
import { ValidationError } from '../errors.js';
import { execute } from '../sql.js';
import { raw, run, sql, type Sql } from '../sql-fragment.js';

/**
 * Make `email` the profile's primary e-mail (api.md §4.8, operations.md §3 `profiles`): the
 * address's row is created (or, if the profile already has it, promoted) and the previous
 * primary is kept as a secondary address, so get-or-create by either address finds the same
 * person (issue 15 §5); the profile's denormalised copy follows. `null`/`""` clears the copy
 * and the primary flag and keeps the rows. An address that belongs to another profile is a
 * 400 on `field`.
 */
export async function setPrimaryEmail(
  em: EntityManager,
  profileId: number,
  email: string | null,
  field = 'email',
): Promise<void> {
  const address = email?.trim().toLowerCase() || null;
  if (address === null) {
    await execute(em, 'update profile_email set is_primary = null where user_id = ? and is_primary', [profileId]);
    await execute(em, 'update profile set email = null where id = ?', [profileId]);
    return;
  }
  const owners = await execute<Array<{ id: number; user_id: number | null; is_primary: boolean | null }>>(
    em,
    'select id, user_id, is_primary from profile_email where lower(email) = ?',
    [address],
  );
  const owned = owners[0];
  if (owned && owned.user_id !== profileId) throw ValidationError.field(field, MSG.unique);
  if (!owned || !owned.is_primary) {
    // Demote the old primary first (the partial unique index allows one primary per profile);
    // its row stays, so the old address still finds this person.
    await execute(em, 'update profile_email set is_primary = null where user_id = ? and is_primary', [profileId]);
    if (owned) {
      await execute(em, 'update profile_email set is_primary = true where id = ?', [owned.id]);
    } else {
      await execute(em, 'insert into profile_email (email, is_primary, user_id) values (?, true, ?)', [address, profileId]);
    }
  }
  await execute(em, 'update profile set email = ? where id = ?', [address, profileId]);
}

/**
 * The most recently supplied number becomes primary (domain.md §2.3, api.md §8.2 step 4):
 * every telephone of the profile is demoted, then the row with exactly that number is found or
 * created and marked primary. Old numbers are kept.
 */
export async function setPrimaryTelephone(em: EntityManager, profileId: number, telephone: string): Promise<void> {
  const number = telephone.trim();
  if (number === '') return;
  await run(em, sql`with profiles as (select ${profileId}::int as id, ${number}::text as telephone), ${primaryTelephoneCtes('profiles')} select 1`);
}

/**
 * `setPrimaryTelephone` as CTEs for each profile of the CTE `profiles` (columns `id` and
 * `telephone`, trimmed; profiles whose telephone is empty are left alone), to run inside a larger
 * statement. The parts of one statement cannot see each other's writes and may touch a row only
 * once, so the demotion skips the number's own row, and runs before the rest (they read its
 * output): the partial unique index allows one primary per profile.
 */
export function primaryTelephoneCtes(profiles: string): Sql {
  const owners = raw(`(select id, telephone from ${profiles} where telephone <> '')`);
  return sql`phone_demoted as (
      update telephone t set is_primary = null
        from ${owners} p
       where t.user_id = p.id and t.is_primary and t.telephone <> p.telephone
      returning t.id
    ),
    phone_promoted as (
      update telephone t set is_primary = true
        from ${owners} p
       where t.user_id = p.id and t.telephone = p.telephone and t.is_primary is not true
         and (select count(*) from phone_demoted) >= 0
    ),
    phone_added as (
      insert into telephone (telephone, is_primary, note, user_id)
      select p.telephone, true, '', p.id from ${owners} p
       where not exists (select 1 from telephone t where t.user_id = p.id and t.telephone = p.telephone)
         and (select count(*) from phone_demoted) >= 0
    )`;
}

import type { EntityManager } from '@mikro-orm/postgresql';
import type { Sex } from '@klub/db';
import { join, raw, run, sql, type Sql } from '../sql-fragment.js';
import { primaryTelephoneCtes } from './contact-details.js';
import { joinsAUnit, reactivatesOnJoining, unitMembershipCtes } from './unit-membership.js';

/** Between an existing note and an appended one (D26). */
export const NOTE_SEPARATOR = '\n\n---\n\n';

/** The person fields of api.md §8.1 (and §9.3), already validated; absent = not given. */
export interface PersonFields {
  /** The identity key; lower-cased here before lookup and insert. */
  email: string;
  firstName?: string;
  lastName?: string;
  street?: string;
  city?: string;
  zipCode?: string;
  /** Birth year (domain.md §2.1). */
  ageGroup?: number | null;
  birthMonth?: number | null;
  birthDay?: number | null;
  /** Becomes the primary number when non-empty (api.md §8.2 step 4). */
  telephone?: string;
  /** Appended to the profile's note when non-empty (D26). */
  note?: string;
  /** §9.3 only: set on a new profile, and on a found one whose sex is still `unknown`. */
  sex?: Sex;
}

export interface GetOrCreateOptions {
  /**
   * Username of a new profile: `numbered` is `<e-mail local part><N>` (api.md §12.3); `email`
   * takes the address itself when it is free (the Darujme import's DARUJME_EMAIL_AS_USERNAME).
   */
  username?: 'numbered' | 'email';
  /** The lock of `lockEmail` when the caller took it (with its lookups); taken here otherwise. */
  lock?: EmailLock;
  /** Units the person joins (api.md §12.5), in the same statement. */
  unitIds?: number[];
  /**
   * More CTEs run in the same SQL statement (e.g. the sign-up's interaction), which may read
   * `person(id, created, email, first_name)`: the profile as written.
   */
  with?: Sql;
  /** `'key', expression` pairs over those CTEs, returned as the object `extra`. */
  select?: Sql;
}

export interface ProfileRef {
  id: number;
  created: boolean;
  /** The profile's e-mail copy and first name after the call. */
  email: string | null;
  firstName: string;
  extra?: Record<string, unknown>;
}

/** Proof that the caller's transaction holds the lock of one address. */
export interface EmailLock {
  readonly address: string;
}

/**
 * Serialise everything done for one e-mail address until the caller's transaction ends, so
 * two simultaneous sign-ups with the same address find one profile instead of creating two.
 * `lookups` (selects of at most one row that do not depend on the person, e.g. the event signed
 * up for) are read in the same round trip; each comes back as a JSON row or `null`.
 *
 * The person must not be looked up here: this statement's snapshot predates the lock, so it
 * could miss a profile committed while it waited.
 */
export async function lockEmail<T extends Record<string, unknown> = Record<string, never>>(
  em: EntityManager,
  email: string,
  lookups: { [K in keyof T]: Sql } = {} as { [K in keyof T]: Sql },
): Promise<EmailLock & { [K in keyof T]: T[K] | null }> {
  if (!em.isInTransaction()) throw new Error('lockEmail must run inside a transaction');
  const address = email.trim().toLowerCase();
  const columns = Object.entries<Sql>(lookups).map(
    ([name, select]) => sql`, (select row_to_json(r) from (${select}) r) as ${raw(`"${name.replace(/"/g, '')}"`)}`,
  );
  const [row] = await run<Array<Record<string, unknown>>>(
    em,
    sql`select pg_advisory_xact_lock(hashtext('klub.email'), hashtext(${address}))::text as "lock"${join(columns, '')}`,
  );
  const { lock: _lock, ...found } = row!;
  return { ...(found as { [K in keyof T]: T[K] | null }), address };
}

/** The id of the user profile that owns the lower-cased `address`, if any. */
const profileIdByEmail = (address: string): Sql =>
  sql`select p.id from profile_email pe join profile p on p.id = pe.user_id where lower(pe.email) = ${address} limit 1`;

/** The user profile that owns `email` (compared lower-cased), if any. */
export async function findProfileIdByEmail(em: EntityManager, email: string): Promise<number | undefined> {
  const [row] = await run<Array<{ id: number }>>(em, profileIdByEmail(email.trim().toLowerCase()));
  return row?.id;
}

const MAX_USERNAME = 150;
const USERNAME_ATTEMPTS = 1000;

/**
 * Candidate `attempt` (0, 1, …) for the username of a new profile (api.md §12.3), as an SQL
 * expression: in `email` mode the address first, then `<local part><N>` with N from the number
 * of profiles upwards. The highest profile id stands in for that number (the same until
 * profiles are deleted, and §12.3 promises only uniqueness): counting the whole table took
 * most of a sign-up's time. A candidate taken meanwhile is skipped by the caller's
 * `on conflict (username) do nothing`, so no unique violation aborts the transaction.
 */
function usernameCandidate(email: string | null, mode: 'numbered' | 'email', attempt: number): Sql {
  const byEmail = mode === 'email' && !!email && email.length <= MAX_USERNAME;
  if (byEmail && attempt === 0) return sql`${email}::text`;
  const local = (email ?? '').split('@')[0]!.slice(0, MAX_USERNAME - 12);
  return sql`${local}::text || ((select coalesce(max(id), 0) from profile) + ${attempt - (byEmail ? 1 : 0)}::int)`;
}

/**
 * Insert a profile (a user unless `kind` says otherwise) under a fresh username (api.md §12.3).
 */
export async function insertUserProfile(
  em: EntityManager,
  email: string | null,
  columns: Record<string, string | number | null>,
  mode: 'numbered' | 'email' = 'numbered',
  kind: 'user' | 'company' = 'user',
): Promise<number> {
  const names = raw(Object.keys(columns).map((n) => `, ${n}`).join(''));
  const values = join(Object.values(columns).map((v) => sql`, ${v}`), '');
  for (let attempt = 0; attempt < USERNAME_ATTEMPTS; attempt++) {
    const [row] = await run<Array<{ id: number }>>(
      em,
      sql`insert into profile (kind, username, created, updated, date_joined${names})
          values (${kind}, ${usernameCandidate(email, mode, attempt)}, now(), now(), now()${values})
          on conflict (username) do nothing returning id`,
    );
    if (row) return row.id;
  }
  throw new Error(`no free username for ${email}`);
}

/**
 * Find the person who owns `fields.email`, or create them (api.md §8.2, shared by §8.3–8.5,
 * §9.3 and the Darujme import). A found profile only gets what it lacks: empty names and
 * address parts, unknown birth parts and `sex`; stored values are never replaced. The newest
 * telephone becomes primary, and a note is appended. Must run inside `em.transactional`:
 * the e-mail is locked until the caller commits.
 *
 * Everything after the lock is one SQL statement (round trips dominate a sign-up's cost), so
 * its parts cannot see each other's writes: each row is written by one part only, and the
 * parts that must follow another read its output (`(select count(*) from …) >= 0`), which makes
 * PostgreSQL run that one first.
 */
export async function getOrCreateProfile(
  em: EntityManager,
  fields: PersonFields,
  opts: GetOrCreateOptions = {},
): Promise<ProfileRef> {
  const address = fields.email.trim().toLowerCase();
  if (opts.lock && opts.lock.address !== address) throw new Error('getOrCreateProfile: the lock is for another address');
  if (!opts.lock) await lockEmail(em, address);
  const note = fields.note?.trim() ?? '';
  const telephone = fields.telephone?.trim() ?? '';
  const unitIds = [...new Set(opts.unitIds ?? [])];
  const joins = unitIds.length > 0;

  for (let attempt = 0; attempt < USERNAME_ATTEMPTS; attempt++) {
    const statement = sql`with
      found as (${profileIdByEmail(address)}),
      created as (
        insert into profile (kind, username, created, updated, date_joined, email,
                             first_name, last_name, street, city, zip_code, age_group, birth_month, birth_day, sex, note)
        select 'user', ${usernameCandidate(address, opts.username ?? 'numbered', attempt)}, now(), now(), now(), ${address}::text,
               ${fields.firstName ?? ''}::text, ${fields.lastName ?? ''}::text, ${fields.street ?? ''}::text, ${fields.city ?? ''}::text,
               ${fields.zipCode ?? ''}::text, ${fields.ageGroup ?? null}::int, ${fields.birthMonth ?? null}::int, ${fields.birthDay ?? null}::int,
               ${fields.sex ?? 'unknown'}::text, ${note}::text
         where not exists (select 1 from found)
        on conflict (username) do nothing
        returning id, email, first_name
      ),
      updated as (
        update profile set
          first_name = case when first_name = '' then ${fields.firstName ?? ''}::text else first_name end,
          last_name = case when last_name = '' then ${fields.lastName ?? ''}::text else last_name end,
          street = case when street = '' then ${fields.street ?? ''}::text else street end,
          city = case when city = '' then ${fields.city ?? ''}::text else city end,
          zip_code = case when zip_code = '' then ${fields.zipCode ?? ''}::text else zip_code end,
          age_group = coalesce(age_group, ${fields.ageGroup ?? null}::int),
          birth_month = coalesce(birth_month, ${fields.birthMonth ?? null}::int),
          birth_day = coalesce(birth_day, ${fields.birthDay ?? null}::int),
          sex = case when sex = 'unknown' and ${fields.sex ?? null}::text is not null then ${fields.sex ?? null}::text else sex end,
          note = case when ${note}::text = '' then note when note = '' then ${note}::text else note || ${NOTE_SEPARATOR}::text || ${note}::text end,
          ${joins ? sql`is_active = case when ${joinsAUnit(raw('profile.id'), unitIds)} and ${reactivatesOnJoining(raw('profile.id'))} then true else is_active end,` : raw('')}
          updated = now()
         where id = (select id from found)
        returning id, email, first_name
      ),
      person as (
        select id, true as created, email, first_name from created
        union all
        select id, false, email, first_name from updated
      ),
      email_added as (
        insert into profile_email (email, is_primary, user_id) select ${address}::text, true, id from created
      ),
      ${primaryTelephoneCtes('person', telephone)},
      ${joins ? sql`${unitMembershipCtes('person', unitIds)},` : raw('')}
      ${opts.with ?? raw('nothing_more as (select)')}
    select person.id, person.created, person.email, person.first_name as "firstName"
           ${opts.select ? sql`, json_build_object(${opts.select}) as extra` : raw('')}
      from person`;
    const [row] = await run<ProfileRef[]>(em, statement);
    // No row: the username was taken meanwhile (or the found profile vanished), and nothing was written.
    if (row) return row;
  }
  throw new Error(`no free username for ${address}`);
}

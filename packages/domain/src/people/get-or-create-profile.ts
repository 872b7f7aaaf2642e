import type { EntityManager } from '@mikro-orm/postgresql';
import type { Sex } from '@klub/contracts';
import { join, raw, run, sql, type Sql } from '../sql-fragment.js';
import { primaryTelephoneCtes } from './contact-details.js';
import { joinsAUnit, reactivatesOnJoining, unitMembershipCtes, type JoinedBy } from './unit-membership.js';

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
  /** How the units are joined, for the consent history; a sign-up unless said otherwise. */
  joinedBy?: JoinedBy;
  /**
   * More CTEs run in the same SQL statement (e.g. the sign-up's interaction), which may read
   * `person(ord, id, created, email, first_name)`: the profiles as written, `ord` numbering them
   * from 1 in the order they were asked for.
   */
  with?: Sql;
  /** `'key', expression` pairs over `person` and those CTEs, returned per person as the object `extra`. */
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
 * The lock of one lower-cased address (an SQL expression), as `lockEmail` takes it. Whoever takes
 * several in one statement takes them in the order of `emailLockKey`, so that two transactions
 * locking overlapping sets cannot deadlock.
 *
 * Each address lock is taken under the shared hold of one "every address" lock (first, in the
 * same expression), which a bulk import takes exclusively (`lockEmails`): one lock for a whole
 * chunk instead of one per address, which would fill PostgreSQL's shared lock table (64 per
 * connection by default; a 10,000-row chunk ran out of shared memory). A transaction that
 * already holds the shared lock gets it again at once, so several `lockEmail` calls in one
 * transaction never wait for an import queued meanwhile.
 */
export const emailLockKey = (address: Sql): Sql => sql`hashtext(${address})`;
const EVERY_EMAIL = raw(`hashtext('klub.email.all'), 0`);
export const emailLock = (address: Sql): Sql =>
  sql`(pg_advisory_xact_lock_shared(${EVERY_EMAIL})::text || pg_advisory_xact_lock(hashtext('klub.email'), ${emailLockKey(address)})::text)`;

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
    sql`select ${emailLock(sql`${address}`)}::text as "lock"${join(columns, '')}`,
  );
  const { lock: _lock, ...found } = row!;
  return { ...(found as { [K in keyof T]: T[K] | null }), address };
}

/**
 * `lockEmail` for many addresses at once (a bulk import's chunk): the "every address" lock,
 * exclusively, so every sign-up (whatever its address) waits for the caller's commit, and the
 * caller waits for the sign-ups under way. One lock whatever the number of addresses.
 */
export async function lockEmails(em: EntityManager, emails: readonly string[]): Promise<Map<string, EmailLock>> {
  if (!em.isInTransaction()) throw new Error('lockEmails must run inside a transaction');
  const addresses = [...new Set(emails.map((e) => e.trim().toLowerCase()))];
  if (addresses.length > 0) await run(em, sql`select pg_advisory_xact_lock(${EVERY_EMAIL})::text`);
  return new Map(addresses.map((address) => [address, { address }]));
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

interface UsernameCandidate {
  /** The username itself, when it does not depend on the table. */
  fixed: string | null;
  /** Else `<local><highest profile id + offset>`. */
  local: string;
  offset: number;
}

/**
 * Candidate `attempt` (0, 1, …) for the username of a new profile (api.md §12.3): in `email` mode
 * the address first, then `<local part><N>` with N from the number of profiles upwards. The
 * highest profile id stands in for that number (the same until profiles are deleted, and §12.3
 * promises only uniqueness): counting the whole table took most of a sign-up's time. `spread`
 * sets apart the profiles created by one statement. A candidate taken meanwhile is skipped by the
 * caller's `on conflict (username) do nothing`, so no unique violation aborts the transaction.
 */
function usernameCandidate(email: string | null, mode: 'numbered' | 'email', attempt: number, spread = 0): UsernameCandidate {
  const byEmail = mode === 'email' && !!email && email.length <= MAX_USERNAME;
  const local = (email ?? '').split('@')[0]!.slice(0, MAX_USERNAME - 12);
  return { fixed: byEmail && attempt === 0 ? email : null, local, offset: attempt - (byEmail ? 1 : 0) + spread };
}

/** A `UsernameCandidate`'s columns (SQL expressions) as the username. */
const usernameOf = (fixed: Sql, local: Sql, offset: Sql): Sql =>
  sql`coalesce(${fixed}, ${local} || ((select coalesce(max(id), 0) from profile) + ${offset}))`;

const username = (c: UsernameCandidate): Sql => usernameOf(sql`${c.fixed}::text`, sql`${c.local}::text`, sql`${c.offset}::int`);

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
          values (${kind}, ${username(usernameCandidate(email, mode, attempt))}, now(), now(), now()${values})
          on conflict (username) do nothing returning id`,
    );
    if (row) return row.id;
  }
  throw new Error(`no free username for ${email}`);
}

/** One person for `getOrCreateProfiles`. */
export interface PersonToGet {
  fields: PersonFields;
  /** Units the person joins (api.md §12.5), in the same statement. */
  unitIds?: number[];
  /** The lock of `lockEmail` when the caller took it (with its lookups); taken here otherwise. */
  lock?: EmailLock;
}

/** The columns of one person in the statement's `input` (jsonb_to_recordset). */
interface PersonRow {
  ord: number;
  email: string;
  first_name: string;
  last_name: string;
  street: string;
  city: string;
  zip_code: string;
  age_group: number | null;
  birth_month: number | null;
  birth_day: number | null;
  sex: string | null;
  note: string;
  telephone: string;
  unit_ids: number[];
  username: string | null;
  username_local: string;
  username_offset: number;
}

const PERSON_ROW = raw(`ord int, email text, first_name text, last_name text, street text, city text, zip_code text,
  age_group int, birth_month int, birth_day int, sex text, note text, telephone text, unit_ids int[],
  username text, username_local text, username_offset int`);

/** Find the person who owns `fields.email`, or create them: `getOrCreateProfiles` for one. */
export async function getOrCreateProfile(
  em: EntityManager,
  fields: PersonFields,
  opts: GetOrCreateOptions = {},
): Promise<ProfileRef> {
  const [profile] = await getOrCreateProfiles(em, [{ fields, unitIds: opts.unitIds, lock: opts.lock }], opts);
  return profile!;
}

/**
 * Find the person who owns each `fields.email`, or create them (api.md §8.2, shared by
 * §8.3–8.5, §9.3 and the Darujme import). A found profile only gets what it lacks: empty names
 * and address parts, unknown birth parts and `sex`; stored values are never replaced. The newest
 * telephone becomes primary, and a note is appended. Must run inside `em.transactional`: the
 * e-mails are locked until the caller commits.
 *
 * Everything after the locks is one SQL statement for all the people (round trips and
 * per-statement work dominate a sign-up's cost), so its parts cannot see each other's writes:
 * each row is written by one part only, and the parts that must follow another read its output
 * (`(select count(*) from …) >= 0`), which makes PostgreSQL run that one first. `opts.with` reads
 * `person(ord, id, created, email, first_name)`, `ord` being the person's position in `people`
 * from 1. A statement handles one person of a profile: a second address of the same profile, or
 * the same address again, goes in the next statement, which sees the first one's writes.
 */
export async function getOrCreateProfiles(
  em: EntityManager,
  people: readonly PersonToGet[],
  opts: Omit<GetOrCreateOptions, 'lock' | 'unitIds'> = {},
): Promise<ProfileRef[]> {
  const rows: PersonRow[] = [];
  for (const [i, { fields, unitIds, lock }] of people.entries()) {
    const address = fields.email.trim().toLowerCase();
    if (lock && lock.address !== address) throw new Error('getOrCreateProfile: the lock is for another address');
    if (!lock) await lockEmail(em, address);
    rows.push({
      ord: i + 1,
      email: address,
      first_name: fields.firstName ?? '',
      last_name: fields.lastName ?? '',
      street: fields.street ?? '',
      city: fields.city ?? '',
      zip_code: fields.zipCode ?? '',
      age_group: fields.ageGroup ?? null,
      birth_month: fields.birthMonth ?? null,
      birth_day: fields.birthDay ?? null,
      sex: fields.sex ?? null,
      note: fields.note?.trim() ?? '',
      telephone: fields.telephone?.trim() ?? '',
      unit_ids: [...new Set(unitIds ?? [])],
      username: null,
      username_local: '',
      username_offset: 0,
    });
  }
  const found: ProfileRef[] = [];
  const attempts = new Map<number, number>();
  let pending = rows;
  while (pending.length > 0) {
    // One row per address a statement; the rest wait for the next one.
    const addresses = new Set<string>();
    const now: PersonRow[] = [];
    const later: PersonRow[] = [];
    for (const row of pending) {
      const attempt = attempts.get(row.ord) ?? 0;
      if (attempt >= USERNAME_ATTEMPTS) throw new Error(`no free username for ${row.email}`);
      if (addresses.has(row.email)) {
        later.push(row);
        continue;
      }
      addresses.add(row.email);
      const c = usernameCandidate(row.email, opts.username ?? 'numbered', attempt, now.length);
      now.push({ ...row, username: c.fixed, username_local: c.local, username_offset: c.offset });
    }
    const answered = await run<Array<ProfileRef & { ord: number }>>(em, profilesStatement(now, opts));
    const done = new Set<number>();
    for (const { ord, ...profile } of answered) {
      found[ord - 1] = profile;
      done.add(ord);
    }
    // No row: its username was taken meanwhile, or another row of the statement had its profile; nothing was written for it.
    for (const row of now) if (!done.has(row.ord)) attempts.set(row.ord, (attempts.get(row.ord) ?? 0) + 1);
    pending = [...now.filter((row) => !done.has(row.ord)), ...later];
  }
  return found;
}

function profilesStatement(rows: PersonRow[], opts: Omit<GetOrCreateOptions, 'lock' | 'unitIds'>): Sql {
  return sql`with
      input as (select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as i(${PERSON_ROW})),
      matched as (
        select i.ord, p.id from input i join profile_email pe on lower(pe.email) = i.email join profile p on p.id = pe.user_id
      ),
      found as (select distinct on (id) ord, id from matched order by id, ord),
      created as (
        insert into profile (kind, username, created, updated, date_joined, email,
                             first_name, last_name, street, city, zip_code, age_group, birth_month, birth_day, sex, note)
        select 'user', ${usernameOf(raw('i.username'), raw('i.username_local'), raw('i.username_offset'))}, now(), now(), now(), i.email,
               i.first_name, i.last_name, i.street, i.city, i.zip_code, i.age_group, i.birth_month, i.birth_day,
               coalesce(i.sex, 'unknown'), i.note
          from input i
         where not exists (select 1 from matched m where m.ord = i.ord)
         order by i.ord
        on conflict (username) do nothing
        returning id, email, first_name
      ),
      updated as (
        update profile set
          first_name = case when profile.first_name = '' then i.first_name else profile.first_name end,
          last_name = case when profile.last_name = '' then i.last_name else profile.last_name end,
          street = case when profile.street = '' then i.street else profile.street end,
          city = case when profile.city = '' then i.city else profile.city end,
          zip_code = case when profile.zip_code = '' then i.zip_code else profile.zip_code end,
          age_group = coalesce(profile.age_group, i.age_group),
          birth_month = coalesce(profile.birth_month, i.birth_month),
          birth_day = coalesce(profile.birth_day, i.birth_day),
          sex = case when profile.sex = 'unknown' and i.sex is not null then i.sex else profile.sex end,
          note = case when i.note = '' then profile.note when profile.note = '' then i.note
                      else profile.note || ${NOTE_SEPARATOR}::text || i.note end,
          is_active = case when ${joinsAUnit(raw('profile.id'), raw('i.unit_ids'))} and ${reactivatesOnJoining(raw('profile.id'))}
                           then true else profile.is_active end,
          updated = now()
          from found f join input i on i.ord = f.ord
         where profile.id = f.id
        returning i.ord, profile.id, profile.email, profile.first_name
      ),
      person as (
        select i.ord, c.id, true as created, c.email, c.first_name from created c join input i on i.email = c.email
        union all
        select ord, id, false, email, first_name from updated
      ),
      person_input as (select p.id, i.telephone, i.unit_ids from person p join input i on i.ord = p.ord),
      email_added as (
        insert into profile_email (email, is_primary, user_id) select email, true, id from created
      ),
      ${primaryTelephoneCtes('person_input')},
      ${unitMembershipCtes('person_input', opts.joinedBy ?? { source: 'signup', actorId: null })},
      ${opts.with ?? raw('nothing_more as (select)')}
    select person.ord, person.id, person.created, person.email, person.first_name as "firstName"
           ${opts.select ? sql`, json_build_object(${opts.select}) as extra` : raw('')}
      from person`;
}

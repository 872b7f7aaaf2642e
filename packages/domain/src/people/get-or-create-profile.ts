import type { EntityManager } from '@mikro-orm/postgresql';
import type { Sex } from '@klub/db';
import { execute } from '../sql.js';
import { setPrimaryEmail, setPrimaryTelephone } from './contact-details.js';

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
}

export interface ProfileRef {
  id: number;
  created: boolean;
}

/**
 * Serialise everything done for one e-mail address until the caller's transaction ends, so
 * two simultaneous sign-ups with the same address find one profile instead of creating two.
 */
export async function lockEmail(em: EntityManager, email: string): Promise<void> {
  if (!em.isInTransaction()) throw new Error('lockEmail must run inside a transaction');
  await execute(em, `select pg_advisory_xact_lock(hashtext('klub.email'), hashtext(?))`, [email.trim().toLowerCase()]);
}

/** The user profile that owns `email` (compared lower-cased), if any. */
export async function findProfileIdByEmail(em: EntityManager, email: string): Promise<number | undefined> {
  const [row] = await execute<Array<{ id: number }>>(
    em,
    `select p.id from profile_email pe join profile p on p.id = pe.user_id where lower(pe.email) = ? limit 1`,
    [email.trim().toLowerCase()],
  );
  return row?.id;
}

const MAX_USERNAME = 150;

/**
 * Insert a profile (a user unless `kind` says otherwise) under a fresh username (api.md §12.3): `<local part><N>` with N from
 * the number of profiles upwards. A username taken meanwhile by a concurrent insert is skipped
 * (`on conflict do nothing`), so no unique violation ever aborts the caller's transaction.
 */
export async function insertUserProfile(
  em: EntityManager,
  email: string | null,
  columns: Record<string, string | number | null>,
  mode: 'numbered' | 'email' = 'numbered',
  kind: 'user' | 'company' = 'user',
): Promise<number> {
  const names = Object.keys(columns);
  const values = Object.values(columns);
  const insert = async (username: string): Promise<number | undefined> => {
    const [row] = await execute<Array<{ id: number }>>(
      em,
      `insert into profile (kind, username, created, updated, date_joined${names.map((n) => `, ${n}`).join('')})
       values (?, ?, now(), now(), now()${names.map(() => ', ?').join('')})
       on conflict (username) do nothing returning id`,
      [kind, username, ...values],
    );
    return row?.id;
  };
  if (mode === 'email' && email && email.length <= MAX_USERNAME) {
    const id = await insert(email);
    if (id !== undefined) return id;
  }
  const local = (email ?? '').split('@')[0]!.slice(0, MAX_USERNAME - 12);
  const [count] = await execute<Array<{ n: string }>>(em, 'select count(*) as n from profile');
  let n = Number(count?.n ?? 0);
  for (let attempt = 0; attempt < 1000; attempt++, n++) {
    const id = await insert(`${local}${n}`);
    if (id !== undefined) return id;
  }
  throw new Error(`no free username for ${local}`);
}

/**
 * Find the person who owns `fields.email`, or create them (api.md §8.2, shared by §8.3–8.5,
 * §9.3 and the Darujme import). A found profile only gets what it lacks: empty names and
 * address parts, unknown birth parts and `sex`; stored values are never replaced. The newest
 * telephone becomes primary, and a note is appended. Must run inside `em.transactional`:
 * the e-mail is locked until the caller commits.
 */
export async function getOrCreateProfile(
  em: EntityManager,
  fields: PersonFields,
  opts: GetOrCreateOptions = {},
): Promise<ProfileRef> {
  const email = fields.email.trim().toLowerCase();
  await lockEmail(em, email);
  const note = fields.note?.trim() ?? '';
  let id = await findProfileIdByEmail(em, email);
  const created = id === undefined;

  if (id === undefined) {
    id = await insertUserProfile(
      em,
      email,
      {
        first_name: fields.firstName ?? '',
        last_name: fields.lastName ?? '',
        street: fields.street ?? '',
        city: fields.city ?? '',
        zip_code: fields.zipCode ?? '',
        age_group: fields.ageGroup ?? null,
        birth_month: fields.birthMonth ?? null,
        birth_day: fields.birthDay ?? null,
        sex: fields.sex ?? 'unknown',
        note,
      },
      opts.username,
    );
    await setPrimaryEmail(em, id, email);
  } else {
    await execute(
      em,
      `update profile set
         first_name = case when first_name = '' then ?::text else first_name end,
         last_name = case when last_name = '' then ?::text else last_name end,
         street = case when street = '' then ?::text else street end,
         city = case when city = '' then ?::text else city end,
         zip_code = case when zip_code = '' then ?::text else zip_code end,
         age_group = coalesce(age_group, ?::int),
         birth_month = coalesce(birth_month, ?::int),
         birth_day = coalesce(birth_day, ?::int),
         sex = case when sex = 'unknown' and ?::text is not null then ?::text else sex end,
         note = case when ?::text = '' then note when note = '' then ?::text else note || ?::text || ?::text end,
         updated = now()
       where id = ?`,
      [
        fields.firstName ?? '',
        fields.lastName ?? '',
        fields.street ?? '',
        fields.city ?? '',
        fields.zipCode ?? '',
        fields.ageGroup ?? null,
        fields.birthMonth ?? null,
        fields.birthDay ?? null,
        fields.sex ?? null,
        fields.sex ?? null,
        note,
        note,
        NOTE_SEPARATOR,
        note,
        id,
      ],
    );
  }

  if (fields.telephone?.trim()) await setPrimaryTelephone(em, id, fields.telephone);
  return { id, created };
}

import type { EntityManager } from '@mikro-orm/postgresql';
import type { TEditUserProfileInput, TEditableUserProfile, TUserSummary } from '@klub/contracts';
import { FOLD_SQL, PROFILE_SEARCH_SQL } from '@klub/db';
import { NotFound } from '../errors.js';
import { setPrimaryEmail } from '../people/contact-details.js';
import { execute } from '../sql.js';

/** A profile's telephones as `Telephone` objects (api.md §4.7), in id order. */
const TELEPHONES = `coalesce((select json_agg(json_build_object('telephone', t.telephone, 'note', t.note,
    'is_primary', case when t.is_primary then true end) order by t.id)
  from telephone t where t.user_id = profile.id), '[]'::json) as telephone_set`;

const SUMMARY = `select id, first_name, last_name, nickname, email, city, ${TELEPHONES} from profile`;

// LIKE wildcards typed by the user are searched for literally.
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** `PROFILE_SEARCH_SQL` contains the folded `text`: the form the trigram index answers. */
const CONTAINS = `${PROFILE_SEARCH_SQL} like '%' || ${FOLD_SQL} || '%'`;

/**
 * The `q` filter of `GET /api/frontend/users/` (api.md §7.11): part of a first, last or nick
 * name, maiden name, username or e-mail, ignoring case and accents; or the words of `q` (split on single
 * spaces) holding both the exact first and the exact last name, in either order. Every branch
 * is a LIKE on the indexed expression, so PostgreSQL answers from the trigram index
 * (`profile_search_trgm_index`), never a scan of the profile table.
 */
export function userSearchCondition(q: string): { sql: string; params: unknown[] } {
  const words = [...new Set(q.split(' ').filter(Boolean))];
  let sql = CONTAINS;
  const params: unknown[] = [likeEscape(q)];
  if (words.length > 1) {
    // Both names are among the words, so the indexed text contains at least one word.
    sql += ` or ((${words.map(() => CONTAINS).join(' or ')}) and first_name in (?) and last_name in (?))`;
    params.push(...words.map(likeEscape), words, words);
  }
  return { sql: `(${sql})`, params };
}

/** User profiles (no companies) matching `q` (all when absent or empty), ordered by id. */
export async function searchUsers(em: EntityManager, q: string | undefined): Promise<TUserSummary[]> {
  if (!q) return execute<TUserSummary[]>(em, `${SUMMARY} where kind = 'user' order by id`);
  const { sql, params } = userSearchCondition(q);
  return execute<TUserSummary[]>(em, `${SUMMARY} where kind = 'user' and ${sql} order by id`, params);
}

/** `searchUsers`' count, for its opt-in pagination. */
export async function countUsers(em: EntityManager, q: string | undefined): Promise<number> {
  const { sql, params } = q ? userSearchCondition(q) : { sql: 'true', params: [] };
  const [row] = await execute<Array<{ n: number }>>(em, `select count(*)::int as n from profile where kind = 'user' and ${sql}`, params);
  return row?.n ?? 0;
}

/** One page of `searchUsers`, in the same order. */
export async function searchUsersPage(em: EntityManager, q: string | undefined, limit: number, offset: number): Promise<TUserSummary[]> {
  const { sql, params } = q ? userSearchCondition(q) : { sql: 'true', params: [] };
  return execute<TUserSummary[]>(em, `${SUMMARY} where kind = 'user' and ${sql} order by id limit ? offset ?`, [...params, limit, offset]);
}

export async function getUserSummary(em: EntityManager, id: number): Promise<TUserSummary> {
  const [row] = await execute<TUserSummary[]>(em, `${SUMMARY} where kind = 'user' and id = ?`, [id]);
  if (!row) throw new NotFound();
  return row;
}

const EDITABLE = `select id, first_name, last_name, nickname, email, city, note, age_group, birth_month, birth_day, street,
  zip_code, ${TELEPHONES} from profile`;

/** `EditableUserProfile` (api.md §4.8) of a user profile; the `dob` check is ../events/permissions.ts. */
export async function getEditableProfile(em: EntityManager, id: number): Promise<TEditableUserProfile> {
  const [row] = await execute<TEditableUserProfile[]>(em, `${EDITABLE} where kind = 'user' and id = ?`, [id]);
  if (!row) throw new NotFound();
  return row;
}

const PROFILE_COLUMNS = [
  'first_name', 'last_name', 'nickname', 'city', 'note', 'age_group', 'birth_month', 'birth_day', 'street', 'zip_code',
] as const;

/**
 * Write the keys present (PUT and PATCH alike, api.md §7.12). `email` sets the primary
 * e-mail, so search and get-or-create by e-mail see it; another profile's address is a 400.
 */
export async function updateEditableProfile(
  em: EntityManager,
  id: number,
  input: Omit<TEditUserProfileInput, 'id' | 'dob'>,
): Promise<TEditableUserProfile> {
  await em.transactional(async (tx) => {
    if (input.email !== undefined) await setPrimaryEmail(tx, id, input.email);
    const keys = PROFILE_COLUMNS.filter((k) => input[k] !== undefined);
    await execute(tx, `update profile set ${keys.map((k) => `${k} = ?, `).join('')}updated = ? where id = ?`, [
      ...keys.map((k) => input[k]),
      new Date(),
      id,
    ]);
  });
  return getEditableProfile(em, id);
}

/** `POST`/`PATCH /api/frontend/whoami` (D19): the caller's own names; absent keys unchanged. */
export async function updateOwnNames(
  em: EntityManager,
  profileId: number,
  names: { first_name?: string | undefined; last_name?: string | undefined; nickname?: string | undefined },
): Promise<void> {
  const keys = (['first_name', 'last_name', 'nickname'] as const).filter((k) => names[k] !== undefined);
  if (keys.length === 0) return;
  await execute(em, `update profile set ${keys.map((k) => `${k} = ?, `).join('')}updated = ? where id = ?`, [
    ...keys.map((k) => names[k]),
    new Date(),
    profileId,
  ]);
}

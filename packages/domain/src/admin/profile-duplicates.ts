import type { EntityManager } from '@mikro-orm/postgresql';
import type { DuplicateReason, TDuplicatePair } from '@klub/contracts';
import { execute } from '../sql.js';
import { personScopeSql, type StaffAccess } from './unit-scope.js';

/**
 * The duplicate finder (issue 17 §2): every profile gets match keys, one per reason; two
 * profiles of the same kind sharing a key form a pair, with all the reasons they share. One
 * statement answers a page, one the count; both build on the same CTE, so they agree.
 */

/**
 * A phone number's digits, the Czech prefix (+420 / 00420) dropped, so `+420 777 123 456`,
 * `00420777123456` and `777123456` are one number. Fewer than 9 digits is no number to match on.
 */
export const phoneKeySql = (column: string): string =>
  `regexp_replace(regexp_replace(${column}, '\\D', '', 'g'), '^(00){0,1}420(\\d{9})$', '\\2')`;
const PHONE_KEY = phoneKeySql('telephone');

/** First and last name, case and accents ignored (`klub_fold` = lower(unaccent()), migration 1). */
const NAME_KEY = "public.klub_fold(btrim(first_name)) || '|' || public.klub_fold(btrim(last_name))";
const HAS_NAME = "btrim(first_name) <> '' and btrim(last_name) <> ''";

/** The match keys of the profiles `access` administers, and the pairs among them. */
const pairsCte = (access: StaffAccess): string => `
with in_scope as (select p.id from profile p where ${personScopeSql(access, 'p') ?? 'true'}),
all_keys (profile_id, reason, key) as (
  select id, 'email', lower(btrim(email)) from profile where btrim(email) <> ''
  union
  select user_id, 'email', lower(btrim(email)) from profile_email where user_id is not null and btrim(email) <> ''
  union
  select user_id, 'telephone', ${PHONE_KEY} from telephone where length(${PHONE_KEY}) >= 9
  union
  -- The birth date as stored: day and month known, the year (age_group) equal or unknown on both.
  select id, 'name_birth_date', ${NAME_KEY} || '|' || coalesce(age_group::text, '') || '-' || birth_month || '-' || birth_day
    from profile where ${HAS_NAME} and birth_month is not null and birth_day is not null
  union
  select id, 'name_city', ${NAME_KEY} || '|' || public.klub_fold(btrim(city))
    from profile where ${HAS_NAME} and btrim(city) <> ''
),
keys as (select * from all_keys where profile_id in (select id from in_scope)),
pairs as (
  select a.profile_id as first_id, b.profile_id as second_id, array_agg(distinct a.reason order by a.reason) as reasons
    from keys a
    join keys b on b.reason = a.reason and b.key = a.key and b.profile_id > a.profile_id
   group by a.profile_id, b.profile_id
)`;

const FROM_PAIRS = `
  from pairs
  join profile f on f.id = pairs.first_id
  join profile s on s.id = pairs.second_id
 where f.kind = s.kind`;

const SIDE = (t: string) =>
  `json_build_object('id', ${t}.id, 'kind', ${t}.kind, 'username', ${t}.username, 'first_name', ${t}.first_name, ` +
  `'last_name', ${t}.last_name, 'name', ${t}.name, 'email', ${t}.email, 'city', ${t}.city, 'age_group', ${t}.age_group, ` +
  `'birth_month', ${t}.birth_month, 'birth_day', ${t}.birth_day)`;

interface PairRow {
  first: TDuplicatePair['first'];
  second: TDuplicatePair['second'];
  reasons: DuplicateReason[];
}

/**
 * One page of duplicate pairs, ordered by the lower id then the higher: `[pairs, total count]`.
 * Unit staff see the pairs whose both profiles they administer (issue 17 §1).
 */
export async function findDuplicateProfiles(
  em: EntityManager,
  window: { limit: number; offset: number },
  access: StaffAccess,
): Promise<[TDuplicatePair[], number]> {
  const PAIRS_CTE = pairsCte(access);
  const rows = await execute<PairRow[]>(
    em,
    `${PAIRS_CTE}
     select ${SIDE('f')} as first, ${SIDE('s')} as second, pairs.reasons
     ${FROM_PAIRS}
     order by pairs.first_id, pairs.second_id
     limit ? offset ?`,
    [window.limit, window.offset],
  );
  const [counted] = await execute<Array<{ count: string | number }>>(em, `${PAIRS_CTE} select count(*) as count ${FROM_PAIRS}`);
  return [rows.map((r) => ({ first: r.first, second: r.second, reasons: r.reasons })), Number(counted?.count ?? 0)];
}

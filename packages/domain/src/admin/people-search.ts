import type { EntityManager } from '@mikro-orm/postgresql';
import type { PeopleOrdering, TPeopleQuery, TPersonName, TPersonPreference, TPersonRow } from '@klub/contracts';
import { FOLD_SQL, PROFILE_SEARCH_SQL } from '@klub/db';
import { NotFound } from '../errors.js';
import { phoneKeySql } from './profile-duplicates.js';
import { canAdministerPerson, personScopeSql, type StaffAccess } from './unit-scope.js';
import { join, raw, run, sql, type Sql } from '../sql-fragment.js';

/**
 * The back office's people list (issue 18): one statement for the page, one for the count,
 * both from the same WHERE, so they agree. Each filter is an EXISTS (or one aggregate) on an
 * indexed foreign key, so a page costs the same whatever the filters.
 */

export interface PeopleOrder {
  field: PeopleOrdering;
  direction: 'asc' | 'desc';
}

/** `public.klub_fold(?)` with its value: folded the way the indexed expressions are. */
const folded = (value: string): Sql => ({ text: FOLD_SQL, params: [value] });

const likeEscaped = (term: string) => term.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The person's last payment on any channel (payment is indexed on channel and date). */
const LAST_PAYMENT =
  raw(`(select max(pay.date) from payment pay join donor_payment_channel c on c.id = pay.user_donor_payment_channel_id
   where c.user_id = p.id)`);

/** A regular donation that still runs: regular, and not ended before today. */
const RUNNING_REGULAR =
  raw(`exists (select 1 from donor_payment_channel c where c.user_id = p.id and c.regular_payments = 'regular'
   and (c.end_of_regular_payments is null or c.end_of_regular_payments >= current_date))`);

const LATE = raw('exists (select 1 from donor_payment_channel c where c.user_id = p.id and c.is_late)');

const MAILING_CONSENT = raw('exists (select 1 from preference pr where pr.user_id = p.id and pr.send_mailing_lists)');

/** One search word: a name (the trigram-indexed text), company name or IČO, any e-mail, a phone's digits, or a VS. */
function wordMatches(word: string): Sql {
  const like = `%${likeEscaped(word)}%`;
  const branches: Sql[] = [
    // The expression of the trigram index (`profile_search_trgm_index`), verbatim.
    sql`${raw(PROFILE_SEARCH_SQL)} like '%' || ${folded(likeEscaped(word))} || '%'`,
    sql`public.klub_fold(coalesce(p.name, '') || ' ' || coalesce(p.crn, '')) like public.klub_fold(${like})`,
    sql`exists (select 1 from profile_email pe where pe.user_id = p.id and pe.email like lower(${like}))`,
    sql`exists (select 1 from donor_payment_channel c where c.user_id = p.id and c.vs = ${word})`,
  ];
  const digits = word.replace(/\D/g, '');
  if (digits.length >= 3 && digits.length >= word.replace(/[\s+()-]/g, '').length) {
    // Stored keys drop the Czech prefix (phoneKeySql); so does a typed number that has it.
    const local = /^(\+|00)/.test(word) ? digits.replace(/^(00)?420/, '') : digits.replace(/^420(?=\d{9}$)/, '');
    branches.push(
      sql`exists (select 1 from telephone t where t.user_id = p.id and ${raw(phoneKeySql('t.telephone'))} like ${`%${local}%`})`,
    );
  }
  return sql`(${join(branches, ' or ')})`;
}

/** The search's words; a phone number typed with spaces (`+420 777 123 456`) is one word. */
function wordsOf(search: string): string[] {
  const trimmed = search.trim();
  if (/^[\d\s+()/-]+$/.test(trimmed) && /\d/.test(trimmed)) return [trimmed.replace(/\s+/g, '')];
  return trimmed.split(/\s+/).filter(Boolean);
}

function whereOf(q: TPeopleQuery, access: StaffAccess): Sql {
  const parts: Sql[] = [raw('true')];
  // Unit staff see the people of their units only (issue 17 §1); null: the caller sees everyone.
  const scope = personScopeSql(access, 'p');
  if (scope) parts.push(raw(scope));
  for (const word of wordsOf(q.search ?? '')) parts.push(wordMatches(word));
  if (q.administrative_unit !== undefined) {
    parts.push(
      sql`exists (select 1 from profile_administrative_units pau where pau.profile_id = p.id and pau.administrative_unit_id = ${q.administrative_unit})`,
    );
  }
  if (q.regular !== undefined) parts.push(q.regular ? RUNNING_REGULAR : sql`not ${RUNNING_REGULAR}`);
  if (q.late !== undefined) parts.push(q.late ? LATE : sql`not ${LATE}`);
  if (q.mailing_consent !== undefined) parts.push(q.mailing_consent ? MAILING_CONSENT : sql`not ${MAILING_CONSENT}`);
  if (q.last_payment_from !== undefined) parts.push(sql`${LAST_PAYMENT} >= ${q.last_payment_from}::date`);
  if (q.last_payment_to !== undefined) parts.push(sql`${LAST_PAYMENT} <= ${q.last_payment_to}::date`);
  return join(parts, ' and ');
}

const ORDER_SQL: Record<PeopleOrdering, string> = {
  id: 'p.id',
  last_name: 'public.klub_fold(p.last_name)',
  first_name: 'public.klub_fold(p.first_name)',
  email: 'p.email',
  date_joined: 'p.date_joined',
  last_payment_date: 'last_payment_date',
  payment_total: 'payment_total',
};

function orderOf(ordering: readonly PeopleOrder[]): Sql {
  const terms = ordering.map((o) => `${ORDER_SQL[o.field]} ${o.direction} nulls last`);
  return raw([...terms, 'p.id'].join(', '));
}

interface Row extends Omit<TPersonRow, 'payment_total' | 'date_joined' | 'last_payment_date'> {
  payment_total: string | number;
  date_joined: Date | string;
  last_payment_date: string | null;
}

export async function searchPeople(
  em: EntityManager,
  query: TPeopleQuery,
  ordering: readonly PeopleOrder[],
  window: { limit: number; offset: number },
  access: StaffAccess,
): Promise<[TPersonRow[], number]> {
  const where = whereOf(query, access);
  const rows = await run<Row[]>(
    em,
    sql`select p.id, p.kind, p.first_name, p.last_name, p.name, p.email, p.city, p.date_joined,
        (select t.telephone from telephone t where t.user_id = p.id order by t.is_primary desc nulls last, t.id limit 1) as telephone,
        array(select pau.administrative_unit_id from profile_administrative_units pau where pau.profile_id = p.id
              order by pau.administrative_unit_id) as administrative_units,
        array(select c.vs from donor_payment_channel c where c.user_id = p.id order by c.id) as variable_symbols,
        ${RUNNING_REGULAR} as regular,
        ${LATE} as late,
        to_char(${LAST_PAYMENT}, 'YYYY-MM-DD') as last_payment_date,
        coalesce((select sum(pay.amount) from payment pay join donor_payment_channel c on c.id = pay.user_donor_payment_channel_id
                   where c.user_id = p.id), 0) as payment_total
      from profile p
     where ${where}
     order by ${orderOf(ordering)}
     limit ${window.limit} offset ${window.offset}`,
  );
  const [counted] = await run<Array<{ count: string | number }>>(
    em,
    sql`select count(*) as count from profile p where ${where}`,
  );
  return [
    rows.map((r) => ({
      ...r,
      payment_total: Number(r.payment_total),
      date_joined: r.date_joined instanceof Date ? r.date_joined.toISOString() : String(r.date_joined),
    })),
    Number(counted?.count ?? 0),
  ];
}

/** A person's preferences, one row per administrative unit (404 when there is no such person). */
export async function personPreferences(em: EntityManager, personId: number, access: StaffAccess): Promise<TPersonPreference[]> {
  // Another unit's person answers as if there were none.
  if (!(await canAdministerPerson(em, access, personId))) throw new NotFound();
  const rows = await run<Array<TPersonPreference & { exists: boolean }>>(
    em,
    sql`select p.id is not null as exists, pr.id, pr.administrative_unit_id as administrative_unit, pr.newsletter_on, pr.call_on,
               pr.challenge_on, pr.letter_on, pr.send_mailing_lists, pr.public
          from (select ${personId}::int as person_id) q
          left join profile p on p.id = q.person_id
          left join preference pr on pr.user_id = p.id
         order by pr.administrative_unit_id`,
  );
  if (!rows[0]?.exists) throw new NotFound();
  return rows.filter((r) => r.id !== null).map(({ exists: _exists, ...r }) => r);
}

/** The person's primary e-mail (else the first one) over profile alias `p`. */
const PERSON_EMAIL_SQL = `(select pe.email from profile_email pe where pe.user_id = p.id order by pe.is_primary desc nulls last, pe.id limit 1)`;

/** A person's display name over profile alias `p`: the same rule everywhere the admin lists names. */
export const PERSON_DISPLAY_NAME_SQL = `coalesce(
  case when p.kind = 'company' then nullif(p.name, '') end,
  nullif(concat_ws(' ', nullif(p.first_name, ''), nullif(p.last_name, '')), ''),
  nullif(p.name, ''),
  ${PERSON_EMAIL_SQL},
  '#' || p.id)`;

/**
 * Display names of the people `ids` (a list page's donors, an event's team): one statement
 * whatever their number. Ids the caller cannot see, or that do not exist, are left out.
 */
export async function personNames(em: EntityManager, ids: readonly number[], access: StaffAccess): Promise<TPersonName[]> {
  const unique = [...new Set(ids)].filter((id) => Number.isSafeInteger(id) && id > 0 && id <= 2_147_483_647);
  if (!unique.length) return [];
  const scope = personScopeSql(access, 'p');
  return run<TPersonName[]>(
    em,
    sql`select p.id, ${raw(PERSON_DISPLAY_NAME_SQL)} as name, p.first_name, p.last_name, ${raw(PERSON_EMAIL_SQL)} as email from profile p
         where p.id in (${unique})${raw(scope ? ` and ${scope}` : '')} order by p.id`,
  );
}

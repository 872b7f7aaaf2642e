import type { EntityManager } from '@mikro-orm/postgresql';
import { PEOPLE_IMPORT_OUTCOMES, type PeopleImportOutcome, type TPeopleImportMapping } from '@klub/contracts';
import { execute } from '../../sql.js';
import type { PeopleFile } from './read-file.js';
import { rowStager, type StagedRow } from './row-values.js';

/** Rows per INSERT into the staging table. */
const STAGE_CHUNK = 5000;

const STAGED_COLUMNS = `row_no int, row_key text, email text, first_name text, last_name text, telephone text, street text,
  city text, zip_code text, age_group int, birth_month int, birth_day int, language text, sex text, note text, vs text,
  regular_amount int, regular_frequency text, money_account text, event text, wants_channel boolean, parse_errors jsonb`;
const STAGED_NAMES = STAGED_COLUMNS.split(',').map((c) => c.trim().split(/\s+/)[0]!);

async function insertRows(em: EntityManager, importId: number, rows: StagedRow[]): Promise<void> {
  if (rows.length === 0) return;
  await execute(
    em,
    `insert into person_import_row (person_import_id, ${STAGED_NAMES.join(', ')})
     select ?, ${STAGED_NAMES.join(', ')} from jsonb_to_recordset(?::jsonb) as r(${STAGED_COLUMNS})`,
    [importId, JSON.stringify(rows)],
  );
}

/**
 * Read the whole file through the mapping into the staging table (the rows of an earlier staging
 * go first), `STAGE_CHUNK` rows per statement while the file is still being parsed. Returns the
 * number of rows staged.
 */
export async function stageFile(em: EntityManager, importId: number, file: PeopleFile, mapping: TPeopleImportMapping): Promise<number> {
  await execute(em, 'delete from person_import_row where person_import_id = ?', [importId]);
  const stage = rowStager(file.headers, mapping);
  let batch: StagedRow[] = [];
  let total = 0;
  for await (const { line, cells } of file.rows()) {
    batch.push(stage(line, cells));
    if (batch.length >= STAGE_CHUNK) {
      await insertRows(em, importId, batch);
      total += batch.length;
      batch = [];
    }
  }
  await insertRows(em, importId, batch);
  // Fresh statistics, or the dry run's joins are planned for the empty table the staging began with.
  await execute(em, 'analyze person_import_row');
  return total + batch.length;
}

const reason = (field: string, message: string) => `jsonb_build_array(jsonb_build_object('field', '${field}', 'message', ${message}))`;

/**
 * The dry run, as one statement over the staged rows not yet applied: each gets its outcome
 * (`create`, `update` with what it fills, `unchanged`, `refuse` with the reasons, `skip` when the
 * same row of the same file was imported before), the person found and the money account and
 * event of its donation. What a found person gets follows get-or-create (getOrCreateProfiles):
 * only empty names and address parts, unknown birth parts and sex; a note is appended; a new
 * telephone becomes primary; the unit is joined; a donation channel is got or created by
 * (person, event). Then the counts per outcome are written to the import.
 */
export async function classifyRows(em: EntityManager, importId: number): Promise<Record<PeopleImportOutcome, number>> {
  await execute(
    em,
    `with
      imp as (select id, administrative_unit_id as unit, file_hash from person_import where id = ?),
      r as (select * from person_import_row where person_import_id = (select id from imp)),
      email_first as (select email, min(row_no) as first_row from r where email <> '' group by email),
      vs_first as (select vs, min(row_no) as first_row from r where vs is not null group by vs),
      prior_keys as (
        select distinct o.row_key from person_import oi join person_import_row o on o.person_import_id = oi.id
         where oi.file_hash = (select file_hash from imp) and oi.id <> (select id from imp) and o.applied
      ),
      c as (
        select r.*, imp.unit, p.id as found_id, ma.id as ma_id, coalesce(ev.id, ma.event_id) as ev_id,
               ef.first_row as email_first_row, vf.first_row as vs_first_row,
               p.first_name as p_first_name, p.last_name as p_last_name, p.street as p_street, p.city as p_city,
               p.zip_code as p_zip_code, p.age_group as p_age_group, p.birth_month as p_birth_month,
               p.birth_day as p_birth_day, p.sex as p_sex,
               pk.row_key is not null as imported_before
          from r cross join imp
          left join prior_keys pk on pk.row_key = r.row_key
          left join profile_email pe on lower(pe.email) = r.email and r.email <> ''
          left join profile p on p.id = pe.user_id
          left join lateral (
            select m.id, m.event_id from money_account m
             where r.wants_channel and m.administrative_unit_id = imp.unit
               and (m.slug = r.money_account or m.id::text = r.money_account)
             order by m.id limit 1
          ) ma on true
          left join lateral (select e.id from event e where r.event is not null and (e.slug = r.event or e.id::text = r.event) limit 1) ev on true
          left join email_first ef on ef.email = r.email
          left join vs_first vf on vf.vs = r.vs
         where not r.applied
      ),
      -- What the person and the unit already have, each through a unique key (at most one row
      -- per import row), so the planner can join them as sets instead of probing once per row.
      k as (
        select c.*,
               tp.id is not null as has_primary_phone,
               mu.profile_id is not null as is_member,
               dch.id is not null as has_channel,
               dvs.id is not null and not (dvs.user_id is not distinct from c.found_id and dvs.event_id is not distinct from c.ev_id) as vs_taken
          from c
          left join telephone tp on tp.user_id = c.found_id and tp.telephone = c.telephone and tp.is_primary
          left join profile_administrative_units mu on mu.profile_id = c.found_id and mu.administrative_unit_id = c.unit
          left join donor_payment_channel dch on dch.user_id = c.found_id and dch.event_id = c.ev_id
          left join donor_payment_channel dvs on dvs.administrative_unit_id = c.unit and dvs.vs = c.vs
      ),
      checked as (
        select c.*,
               c.parse_errors
               || case when c.email <> '' and c.row_no > c.email_first_row
                       then ${reason('email', `'The same e-mail is on line ' || c.email_first_row || '.'`)} else '[]' end
               || case when c.wants_channel and c.ma_id is null
                       then ${reason('money_account', `case when c.money_account is null then 'A donation needs a money account.'
                                 else 'No money account "' || c.money_account || '" in the unit.' end`)} else '[]' end
               || case when c.wants_channel and c.ma_id is not null and c.ev_id is null
                       then ${reason('event', `case when c.event is null then 'A donation needs an event.'
                                 else 'No event "' || c.event || '".' end`)} else '[]' end
               || case when c.vs is not null and c.row_no > c.vs_first_row
                       then ${reason('vs', `'The same VS is on line ' || c.vs_first_row || '.'`)} else '[]' end
               || case when c.vs is not null and c.vs_taken
                       then ${reason('vs', `'Duplicate VS'`)} else '[]' end as all_reasons,
               c.wants_channel and c.has_channel as channel_exists
          from k c
      ),
      judged as (
        select k.*,
               case when k.found_id is null then '{}'::text[] else array_remove(array[
                 case when k.p_first_name = '' and k.first_name <> '' then 'first_name' end,
                 case when k.p_last_name = '' and k.last_name <> '' then 'last_name' end,
                 case when k.p_street = '' and k.street <> '' then 'street' end,
                 case when k.p_city = '' and k.city <> '' then 'city' end,
                 case when k.p_zip_code = '' and k.zip_code <> '' then 'zip_code' end,
                 case when (k.p_age_group is null and k.age_group is not null) or (k.p_birth_month is null and k.birth_month is not null)
                        or (k.p_birth_day is null and k.birth_day is not null) then 'birth_date' end,
                 case when k.p_sex = 'unknown' and k.sex is not null then 'sex' end,
                 case when k.note <> '' then 'note' end,
                 case when k.telephone <> '' and not k.has_primary_phone then 'telephone' end,
                 case when not k.is_member then 'unit' end,
                 case when k.wants_channel and not k.channel_exists then 'donation' end
               ], null) end as fills_list
          from checked k
      )
    update person_import_row t set
      outcome = case when j.imported_before then 'skip'
                     when jsonb_array_length(j.all_reasons) > 0 then 'refuse'
                     when j.found_id is null then 'create'
                     when cardinality(j.fills_list) > 0 then 'update'
                     else 'unchanged' end,
      reasons = case when j.imported_before then '[]' else j.all_reasons end,
      fills = to_jsonb(j.fills_list),
      profile_id = j.found_id,
      money_account_id = j.ma_id,
      event_id = j.ev_id,
      channel = case when j.wants_channel and jsonb_array_length(j.all_reasons) = 0 and not j.imported_before
                     then case when j.channel_exists then 'exists' else 'create' end end
      from judged j
     where t.id = j.id`,
    [importId],
  );
  return writeCounts(em, importId);
}

/** Rows per outcome into the import's status row (`rows_total` too); returns them. */
export async function writeCounts(em: EntityManager, importId: number): Promise<Record<PeopleImportOutcome, number>> {
  const rows = await execute<Array<{ outcome: PeopleImportOutcome; n: string }>>(
    em,
    'select outcome, count(*) as n from person_import_row where person_import_id = ? group by outcome',
    [importId],
  );
  const counts = Object.fromEntries(PEOPLE_IMPORT_OUTCOMES.map((o) => [o, 0])) as Record<PeopleImportOutcome, number>;
  for (const r of rows) if (r.outcome) counts[r.outcome] = Number(r.n);
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  await execute(em, 'update person_import set counts = ?::jsonb, rows_total = ? where id = ?', [JSON.stringify(counts), total, importId]);
  return counts;
}

import type { EntityManager } from '@mikro-orm/postgresql';
import type { Sex } from '@klub/contracts';
import { NotFound } from '../../errors.js';
import { lockUnitVariableSymbols } from '../../payments/variable-symbol.js';
import { execute } from '../../sql.js';
import { getOrCreateProfiles, lockEmails } from '../get-or-create-profile.js';
import { classifyRows, writeCounts } from './stage.js';

export interface ApplyOptions {
  /** Rows per transaction (sign-ups wait for the chunk under way: it holds the e-mails' lock). */
  chunkSize?: number;
  onProgress?: (percent: number) => void | Promise<void>;
  /** Test seam: called after each committed chunk (a throw stands in for a killed worker). */
  afterChunk?: (rowsDone: number) => void | Promise<void>;
  /** Test seam: called inside each chunk's transaction once its locks are held. */
  inChunk?: (tx: EntityManager) => void | Promise<void>;
}

export interface ApplyResult {
  created: number;
  updated: number;
  unchanged: number;
  refused: number;
  skipped: number;
  channelsCreated: number;
}

interface PendingRow {
  id: number;
  row_no: number;
  /** `create` when the row asks for a donation channel. */
  channel: string | null;
  email: string;
  first_name: string;
  last_name: string;
  telephone: string;
  street: string;
  city: string;
  zip_code: string;
  age_group: number | null;
  birth_month: number | null;
  birth_day: number | null;
  sex: Sex | null;
  note: string;
}

const DEFAULT_CHUNK = 1000;

/**
 * Progress on a pooled connection of its own, so observers see it while a chunk's transaction
 * runs: `rows_done` counted once at the start (a resumed run), then advanced by each chunk.
 */
async function setProgress(em: EntityManager, importId: number, opts: ApplyOptions, advance: number | 'count'): Promise<void> {
  const done =
    advance === 'count'
      ? '(select count(*) from person_import_row r where r.person_import_id = i.id and r.applied)'
      : `i.rows_done + ${Number(advance)}`;
  const [row] = await execute<Array<{ progress: number }>>(
    em,
    `update person_import i set rows_done = d.n,
            progress = case when i.rows_total = 0 then 100 else least(100, 100 * d.n / i.rows_total) end
       from (select ${done} as n from person_import i where i.id = ?) d
      where i.id = ? returning progress`,
    [importId, importId],
  );
  await opts.onProgress?.(row?.progress ?? 0);
}

/**
 * Apply a staged import (issue 17 §3), as the worker job does: the dry run is computed again
 * for the rows not yet applied (the database may have changed since), then the rows to create or
 * update go through get-or-create (`getOrCreateProfiles`, the sign-ups' own rule: found people
 * only get what they lack) in chunks, one transaction each, with their unit (membership and
 * preference, as a sign-up) and their donation channel. A chunk marks its rows applied in the
 * same transaction, so a killed run resumes where it stopped and a repeated one does nothing.
 */
export async function applyPeopleImport(em: EntityManager, importId: number, opts: ApplyOptions = {}): Promise<ApplyResult> {
  const [imp] = await execute<Array<{ unit: number; status: string }>>(
    em,
    'select administrative_unit_id as unit, status from person_import where id = ?',
    [importId],
  );
  if (!imp) throw new NotFound(`People import ${importId} does not exist.`);
  await execute(em, `update person_import set status = 'running', started = coalesce(started, now()), error = null where id = ?`, [importId]);
  await classifyRows(em, importId);
  // Nothing to do for these: applied at once, so a later import of the same file skips them too.
  await execute(em, `update person_import_row set applied = true where person_import_id = ? and outcome = 'unchanged' and not applied`, [importId]);
  await setProgress(em, importId, opts, 'count');

  const chunkSize = opts.chunkSize ?? DEFAULT_CHUNK;
  // Rows are taken in file order from where the last chunk ended: each chunk reads its own rows
  // through the (import, row_no) index, never again the ones applied before it.
  let after = 0;
  for (;;) {
    const done = await em.transactional(async (tx) => {
      const rows = await execute<PendingRow[]>(
        tx,
        `select id, row_no, channel, email, first_name, last_name, telephone, street, city, zip_code, age_group, birth_month, birth_day, sex, note
           from person_import_row
          where person_import_id = ? and row_no > ? and not applied and outcome in ('create', 'update')
          order by row_no limit ? for update skip locked`,
        [importId, after, chunkSize],
      );
      if (rows.length === 0) return 0;
      after = rows[rows.length - 1]!.row_no;
      await applyChunk(tx, imp.unit, rows, opts);
      return rows.length;
    });
    if (done === 0) break;
    await setProgress(em, importId, opts, done);
    await opts.afterChunk?.(done);
  }

  const counts = await writeCounts(em, importId);
  const [{ channels } = { channels: 0 }] = await execute<Array<{ channels: number }>>(
    em,
    `update person_import set status = 'done', finished = now(), progress = 100,
       rows_done = (select count(*) from person_import_row where person_import_id = ? and applied),
       channels_created = (select count(*) from person_import_row where person_import_id = ? and channel = 'create' and channel_id is not null)
     where id = ? returning channels_created as channels`,
    [importId, importId, importId],
  );
  return {
    created: counts.create,
    updated: counts.update,
    unchanged: counts.unchanged,
    refused: counts.refuse,
    skipped: counts.skip,
    channelsCreated: Number(channels),
  };
}

/** One chunk in the caller's transaction: people, their language, their donation channels, the rows marked applied. */
async function applyChunk(tx: EntityManager, unitId: number, rows: PendingRow[], opts: ApplyOptions): Promise<void> {
  const locks = await lockEmails(tx, rows.map((r) => r.email));
  const wantsChannels = rows.some((r) => r.channel !== null);
  if (wantsChannels) await lockUnitVariableSymbols(tx, unitId);
  await opts.inChunk?.(tx);
  const people = await getOrCreateProfiles(
    tx,
    rows.map((r) => ({
      fields: {
        email: r.email,
        firstName: r.first_name,
        lastName: r.last_name,
        street: r.street,
        city: r.city,
        zipCode: r.zip_code,
        ageGroup: r.age_group,
        birthMonth: r.birth_month,
        birthDay: r.birth_day,
        telephone: r.telephone,
        note: r.note,
        ...(r.sex ? { sex: r.sex } : {}),
      },
      unitIds: [unitId],
      lock: locks.get(r.email),
    })),
    // A new membership's consent is recorded as given by the import (issue 22's consent history).
    { joinedBy: { source: 'import', actorId: null } },
  );
  const applied = rows.map((r, i) => ({ id: r.id, profile_id: people[i]!.id, created: people[i]!.created }));
  await execute(
    tx,
    `update person_import_row t set profile_id = a.profile_id, applied = true,
            outcome = case when a.created then 'create' else 'update' end
       from jsonb_to_recordset(?::jsonb) as a(id int, profile_id int, created boolean)
      where t.id = a.id`,
    [JSON.stringify(applied)],
  );
  // get-or-create has no language: a new person gets the row's, a found one keeps theirs.
  await execute(
    tx,
    `update profile p set language = r.language
       from person_import_row r
      where r.id in (select (a->>'id')::int from jsonb_array_elements(?::jsonb) a where (a->>'created')::boolean)
        and p.id = r.profile_id and r.language is not null and p.language <> r.language`,
    [JSON.stringify(applied)],
  );
  if (wantsChannels) await createChannels(tx, unitId, rows.filter((r) => r.channel !== null).map((r) => r.id));
}

/**
 * The chunk's donation channels, got or created by (person, event) as every creation path does
 * (domain.md §3.3): a person who has one for the event keeps it unchanged. A VS from the file is
 * used as it is; the others are generated as generateVariableSymbol does one at a time
 * (domain.md §3.3.1), for all of them in one statement under the per-unit lock (taken by the
 * caller): without a prefix the unit's highest zero-led VS + 1, + 2, …; with the event's prefix P
 * the lowest free numbers above the lowest existing P… VS (P00001 onwards when there is none),
 * which is what repeating "the lowest free successor of an existing one" gives.
 *
 * The lookups that do not depend on a row (the unit's highest VS, the free numbers of a prefix)
 * and the chunk's existing channels are `materialized`: computed once per chunk, never once per
 * row, whatever the planner thinks of the tables' sizes (a per-row scan of the unit's channels
 * made the import slower the more it had imported).
 */
async function createChannels(tx: EntityManager, unitId: number, rowIds: number[]): Promise<void> {
  if (rowIds.length === 0) return;
  const [left] = await execute<Array<{ n: string }>>(
    tx,
    `with
      wanted as materialized (
        select r.id, r.profile_id, r.vs, r.regular_amount, r.regular_frequency, r.money_account_id, r.event_id, e.variable_symbol_prefix as prefix
          from person_import_row r join event e on e.id = r.event_id
         where r.id in (select jsonb_array_elements_text(?::jsonb)::int) and r.channel is not null
      ),
      existing as materialized (
        select d.id, d.user_id, d.event_id from donor_payment_channel d
         where d.user_id in (select profile_id from wanted)
      ),
      c as materialized (
        select w.* from wanted w
         where not exists (select 1 from existing x where x.user_id = w.profile_id and x.event_id = w.event_id)
      ),
      gen as materialized (select c.id, c.prefix, row_number() over (partition by c.prefix order by c.id) as n from c where c.vs is null),
      zero_led as materialized (
        select coalesce(max(vs::numeric), 0) as top from donor_payment_channel
         where administrative_unit_id = ? and vs like '0%' and vs ~ '^[0-9]+$'
           and exists (select 1 from gen where gen.prefix is null)
      ),
      prefixes as materialized (select prefix, count(*) as wanted from gen where prefix is not null group by prefix),
      taken as materialized (
        select d.vs from donor_payment_channel d
         where d.administrative_unit_id = ? and exists (select 1 from prefixes p where d.vs like p.prefix::text || '%')
      ),
      free as materialized (
        select p.prefix, f.v, row_number() over (partition by p.prefix order by f.v) as n
          from prefixes p
          cross join lateral (
            select coalesce(min(t.vs::numeric), p.prefix::numeric * 100000) as low from taken t
             where t.vs like p.prefix::text || '%' and t.vs ~ '^[0-9]+$'
          ) m
          cross join lateral (
            select s.v from generate_series(m.low + 1, p.prefix::numeric * 100000 + 99999) as s(v)
             where s.v::text not in (select vs from taken)
             order by s.v limit p.wanted
          ) f
      ),
      numbered as (
        select c.*, coalesce(c.vs, case when c.prefix is null then lpad((z.top + g.n)::text, 10, '0') else fr.v::text end) as new_vs
          from c cross join zero_led z
          left join gen g on g.id = c.id
          left join free fr on fr.prefix = g.prefix and fr.n = g.n
      ),
      inserted as (
        insert into donor_payment_channel
          (vs, user_id, registered_support, regular_frequency, expected_date_of_first_payment, regular_amount,
           regular_payments, money_account_id, administrative_unit_id, event_id)
        select n.new_vs, n.profile_id, now(), n.regular_frequency, current_date, n.regular_amount, 'regular',
               n.money_account_id, ?, n.event_id
          from numbered n where n.new_vs is not null
        on conflict do nothing
        returning id, user_id, event_id
      ),
      -- Created here, or found: the person's existing channel for the event.
      linked as (
        update person_import_row r
           set channel_id = coalesce(i.id, x.id), channel = case when i.id is null then 'exists' else r.channel end
          from wanted w
          left join inserted i on i.user_id = w.profile_id and i.event_id = w.event_id
          left join existing x on x.user_id = w.profile_id and x.event_id = w.event_id
         where r.id = w.id and coalesce(i.id, x.id) is not null
        returning r.id
      )
    select (select count(*) from wanted) - (select count(*) from linked) as n`,
    [JSON.stringify(rowIds), unitId, unitId, unitId],
  );
  if (Number(left?.n ?? 0) === 0) return;
  // Lost a race to another writer (its channel was committed after this statement began): theirs.
  await execute(
    tx,
    `update person_import_row r set channel_id = d.id, channel = 'exists'
       from donor_payment_channel d
      where r.id in (select jsonb_array_elements_text(?::jsonb)::int) and r.channel is not null and r.channel_id is null
        and d.user_id = r.profile_id and d.event_id = r.event_id`,
    [JSON.stringify(rowIds)],
  );
}

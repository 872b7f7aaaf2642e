import type { EntityManager } from '@mikro-orm/postgresql';
import { formatDateTimeOrNull, type TTaxConfirmation, type TaxConfirmationDocument } from '@klub/contracts';
import type { FileStore } from '../files.js';
import { execute } from '../sql.js';
import { donorSumsSql, type UnitYear } from './amounts.js';
import { buildDocument, CONFIRMATION_ROW_SQL, loadIssuer, type ConfirmationRow } from './documents.js';

export interface TaxConfirmationFilter {
  administrativeUnitId?: number;
  year?: number;
  /** The units the caller may see; null = every unit. */
  units: number[] | null;
}

const STATE_SQL = `case
  when t.amount = 0 then 'withdrawn'
  when t.file is null then 'pending'
  when t.generated_amount is distinct from t.amount then 'outdated'
  when t.sent_at is not null then 'sent'
  when t.send_queued_at is not null then 'queued'
  else 'generated' end`;

const NAME_SQL = `case when p.kind = 'company' then coalesce(nullif(p.name, ''), p.username, '')
  else coalesce(nullif(concat_ws(' ', nullif(p.first_name, ''), nullif(p.last_name, '')), ''), p.username, '') end`;

/** A page of confirmations with their amounts and states, and the total count: one statement. */
export async function listTaxConfirmations(
  em: EntityManager,
  filter: TaxConfirmationFilter,
  window: { limit: number; offset: number },
): Promise<[TTaxConfirmation[], number]> {
  if (filter.units?.length === 0) return [[], 0];
  const conditions: Array<[string, unknown]> = [];
  if (filter.administrativeUnitId !== undefined) conditions.push(['t.administrative_unit_id = ?', filter.administrativeUnitId]);
  if (filter.year !== undefined) conditions.push(['t.year = ?', filter.year]);
  if (filter.units) conditions.push(['t.administrative_unit_id in (?)', filter.units]);
  const where = ['true', ...conditions.map(([sql]) => sql)];
  const params = conditions.map(([, value]) => value);
  const rows = await execute<
    Array<Omit<TTaxConfirmation, 'generated_at' | 'sent_at'> & { generated_at: Date | null; sent_at: Date | null; total: number }>
  >(
    em,
    `select t.id, t.profile_id as profile, ${NAME_SQL} as name, t.administrative_unit_id as administrative_unit, t.year,
            t.amount, t.payment_ids as payments, ${STATE_SQL} as state, t.generated_at, t.sent_at, count(*) over ()::int as total
       from tax_confirmation t join profile p on p.id = t.profile_id
      where ${where.join(' and ')}
      order by t.year desc, t.administrative_unit_id, t.id
      limit ? offset ?`,
    [...params, window.limit, window.offset],
  );
  let total = rows[0]?.total;
  if (total === undefined) {
    // An empty page past the end still needs the count for the envelope.
    const [c] = await execute<Array<{ n: number }>>(em, `select count(*)::int as n from tax_confirmation t where ${where.join(' and ')}`, params);
    total = c?.n ?? 0;
  }
  return [
    rows.map(({ total: _total, generated_at, sent_at, ...r }) => ({
      ...r,
      generated_at: formatDateTimeOrNull(generated_at === null ? null : new Date(generated_at)),
      sent_at: formatDateTimeOrNull(sent_at === null ? null : new Date(sent_at)),
    })),
    total,
  ];
}

/** The unit of a confirmation, for the unit check, and its current file. */
export async function taxConfirmationFile(em: EntityManager, id: number): Promise<{ unitId: number; profileId: number; file: string | null } | undefined> {
  if (!Number.isSafeInteger(id) || id < 1 || id > 2_147_483_647) return undefined;
  const [row] = await execute<Array<{ unitId: number; profileId: number; file: string | null }>>(
    em,
    'select administrative_unit_id as "unitId", profile_id as "profileId", case when amount > 0 then file end as file from tax_confirmation where id = ?',
    [id],
  );
  return row;
}

/** The current files of a unit and year, in id order, with the names they get in a ZIP. */
export async function taxConfirmationFilesOf(em: EntityManager, { administrativeUnitId, year }: UnitYear): Promise<Array<{ file: string; name: string }>> {
  const rows = await execute<Array<{ id: number; profile_id: number; file: string }>>(
    em,
    `select id, profile_id, file from tax_confirmation
      where administrative_unit_id = ? and year = ? and file is not null and amount > 0 order by id`,
    [administrativeUnitId, year],
  );
  return rows.map((r) => ({ file: r.file, name: `potvrzeni-${year}-${r.profile_id}.pdf` }));
}

/** A donor's own confirmations with a file (`GET /api/frontend/tax_confirmations/`). */
export async function myTaxConfirmations(em: EntityManager, profileId: number) {
  const rows = await execute<
    Array<{ id: number; year: number; administrative_unit: number; unit_name: string; amount: number; generated_at: Date | null }>
  >(
    em,
    `select t.id, t.year, t.administrative_unit_id as administrative_unit, u.name as unit_name, t.amount, t.generated_at
       from tax_confirmation t join administrative_unit u on u.id = t.administrative_unit_id
      where t.profile_id = ? and t.file is not null and t.amount > 0
      order by t.year desc, t.id`,
    [profileId],
  );
  return rows.map((r) => ({ ...r, generated_at: formatDateTimeOrNull(r.generated_at === null ? null : new Date(r.generated_at)) }));
}

/**
 * One donor's confirmation as generation would draw it now (amount computed, nothing written),
 * or undefined when the donor has nothing to confirm in that unit and year.
 */
export async function previewTaxConfirmation(
  em: EntityManager,
  files: Pick<FileStore, 'read'>,
  { administrativeUnitId, year }: UnitYear,
  profileId?: number,
): Promise<{ document: TaxConfirmationDocument; profileId: number } | undefined> {
  const issuer = await loadIssuer(em, files, administrativeUnitId);
  if (!issuer) return undefined;
  // Without a donor named: the first donor (lowest id) with something to confirm.
  const [row] = await execute<ConfirmationRow[]>(
    em,
    `with sums as (${donorSumsSql(profileId === undefined ? '' : 'and c.user_id = ?')}),
     t as (select 0 as id, s.profile_id, ?::int as year, s.amount, s.payment_ids, null::text as file,
                  null::text as data_hash from sums s order by s.profile_id limit 1)
     ${CONFIRMATION_ROW_SQL.replace('from tax_confirmation t', 'from t')}`,
    [administrativeUnitId, year, year, ...(profileId === undefined ? [] : [profileId]), year],
  );
  return row ? { document: buildDocument(issuer, row).document, profileId: row.profile_id } : undefined;
}

/**
 * The unit of a tax-confirmation job started through the API (`outbox-<n>`), for the unit
 * check of its progress view; undefined for any other job.
 */
export async function taxConfirmationJobUnit(em: EntityManager, jobId: string): Promise<number | undefined> {
  const m = /^outbox-(\d{1,15})$/.exec(jobId);
  if (!m) return undefined;
  const [row] = await execute<Array<{ unit: number | null }>>(
    em,
    `select (payload->>'administrativeUnitId')::int as unit from outbox_message
      where id = ? and job_name in ('documents.tax-confirmations-generate', 'documents.tax-confirmations-send')`,
    [Number(m[1])],
  );
  return row?.unit ?? undefined;
}

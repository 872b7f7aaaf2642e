import type { EntityManager } from '@mikro-orm/postgresql';
import type { TaxConfirmationDocument } from '@klub/contracts';
import { NotFound } from '../errors.js';
import type { FileStore } from '../files.js';
import { execute } from '../sql.js';
import { computeTaxConfirmationAmounts, type TaxAmountsResult, type UnitYear } from './amounts.js';
import { buildDocument, CONFIRMATION_ROW_SQL, loadIssuer, type ConfirmationRow } from './documents.js';

/** Draws one confirmation's PDF (`@klub/pdfs`); a port, so the rules never load React. */
export type TaxConfirmationRenderer = (document: TaxConfirmationDocument) => Promise<Uint8Array>;

/** The storage folder of confirmation files. */
export const TAX_CONFIRMATION_KIND = 'tax_confirmations';

export interface GenerateOptions {
  files: FileStore;
  render: TaxConfirmationRenderer;
  /** After each batch: confirmations looked at so far, of `total`. */
  onProgress?: (done: number, total: number) => Promise<void> | void;
  /** Confirmations per read and per write statement. */
  batchSize?: number;
  /**
   * Documents drawn and stored at once within a batch (default 4): with a render pool this keeps
   * every thread busy, and even on one thread a file's write overlaps the next drawing.
   */
  concurrency?: number;
  /** Issue date `YYYY-MM-DD` (default: today in Prague). */
  today?: string;
}

export interface GenerateResult extends TaxAmountsResult {
  total: number;
  /** Files drawn and stored in this run. */
  rendered: number;
  /** Files kept: drawn earlier from the same data. */
  unchanged: number;
  /** Files taken back (into history) because nothing is left to confirm. */
  withdrawn: number;
}

interface FileUpdate {
  id: number;
  file: string | null;
  data_hash: string | null;
  amount: number | null;
}

/**
 * A unit's confirmations for a year (jobs.md §3 T2, issue 20): the amounts first (one
 * statement for every donor), then the files, batch by batch in id order. A confirmation whose
 * data hash matches its stored file is skipped, so a second run (or a run resumed after a kill,
 * which loses at most one batch's drawn-but-unrecorded files) draws only what changed. A new file
 * puts the one it replaces into `tax_confirmation_file` and clears the sending marks: the donor
 * has not received this one.
 */
export async function generateTaxConfirmations(em: EntityManager, unitYear: UnitYear, options: GenerateOptions): Promise<GenerateResult> {
  const { administrativeUnitId, year } = unitYear;
  const issuer = await loadIssuer(em, options.files, administrativeUnitId);
  if (!issuer) throw new NotFound(`Administrative unit ${administrativeUnitId} does not exist.`);
  const amounts = await computeTaxConfirmationAmounts(em, unitYear);
  const [{ total } = { total: 0 }] = await execute<Array<{ total: number }>>(
    em,
    'select count(*)::int as total from tax_confirmation where administrative_unit_id = ? and year = ?',
    [administrativeUnitId, year],
  );
  const batchSize = options.batchSize ?? 100;
  const result: GenerateResult = { ...amounts, total, rendered: 0, unchanged: 0, withdrawn: 0 };
  let afterId = 0;
  let done = 0;
  for (;;) {
    const rows = await execute<ConfirmationRow[]>(
      em,
      `${CONFIRMATION_ROW_SQL} where t.administrative_unit_id = ? and t.year = ? and t.id > ? order by t.id limit ?`,
      [administrativeUnitId, year, afterId, batchSize],
    );
    if (rows.length === 0) break;
    const updates: FileUpdate[] = [];
    const toDraw: Array<{ row: ConfirmationRow; document: TaxConfirmationDocument; hash: string }> = [];
    for (const row of rows) {
      if (row.amount === 0) {
        if (row.file) {
          updates.push({ id: row.id, file: null, data_hash: null, amount: null });
          result.withdrawn += 1;
        }
        continue;
      }
      const { document, hash } = buildDocument(issuer, row, options.today);
      if (row.file && row.data_hash === hash) {
        result.unchanged += 1;
        continue;
      }
      toDraw.push({ row, document, hash });
    }
    const drawn = await mapConcurrently(toDraw, options.concurrency ?? 4, async ({ row, document, hash }) => {
      const pdf = await options.render(document);
      const file = await options.files.save(TAX_CONFIRMATION_KIND, `potvrzeni-${year}-${row.profile_id}.pdf`, pdf);
      return { id: row.id, file, data_hash: hash, amount: row.amount };
    });
    updates.push(...drawn);
    result.rendered += drawn.length;
    if (updates.length) await recordFiles(em, updates);
    done += rows.length;
    afterId = rows[rows.length - 1]!.id;
    await options.onProgress?.(done, total);
  }
  return result;
}

/** `fn` over `items` with at most `limit` calls in flight; the answers in the items' order. */
async function mapConcurrently<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  return out;
}

/** One statement per batch: the replaced files into history (CTEs read the rows as they were), the new ones in. */
async function recordFiles(em: EntityManager, updates: FileUpdate[]): Promise<void> {
  await execute(
    em,
    `with input as (
       select * from jsonb_to_recordset(?::jsonb) as x(id int, file text, data_hash text, amount int)
     ), history as (
       insert into tax_confirmation_file (tax_confirmation_id, file, amount, generated_at, replaced_at)
       select t.id, t.file, coalesce(t.generated_amount, t.amount), t.generated_at, now()
         from tax_confirmation t join input i on i.id = t.id
        where t.file is not null
     )
     update tax_confirmation t
        set file = i.file, data_hash = i.data_hash, generated_amount = i.amount,
            generated_at = case when i.file is null then null else now() end,
            send_queued_at = null, sent_at = null
       from input i
      where t.id = i.id`,
    [JSON.stringify(updates)],
  );
}

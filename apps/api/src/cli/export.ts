import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { EntityManager } from '@mikro-orm/postgresql';
import { stringify } from 'csv-stringify';
import { ADMIN_RESOURCES, NotFound, SUPERUSER_ACCESS, adminIterate, savedSegmentFilter, type StaffAccess } from '@klub/domain';

/**
 * `pnpm klub export --resource profiles --format csv [--fields id,email,...]`: every object of
 * an admin resource, in its admin representation, streamed to `out`. Rows are read in id
 * order a batch at a time and written as they come (with backpressure), so a table of 100k
 * profiles never sits in memory.
 */

export const EXPORT_FORMATS = ['csv', 'jsonl'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportOptions {
  resource: string;
  format: ExportFormat;
  /** Columns to write (default: every field of the representation). */
  fields?: string[];
  batchSize?: number;
  /** Whose view to export (`--as`: a staff member's units only); everything by default. */
  access?: StaffAccess | undefined;
  /** Only the members of this saved segment (profiles only; issue 19). */
  segment?: number;
  /** Called after each batch is read, with the rows read so far (progress, tests). */
  onBatch?: (rowsRead: number) => void;
}

export class ExportError extends Error {}

/** A CSV cell: lists of plain values joined with `;`, objects as JSON, null as empty. */
function cell(value: unknown): string | number | boolean {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value) && value.every((v) => v === null || typeof v !== 'object')) return value.map((v) => String(v ?? '')).join(';');
  if (typeof value === 'object') return JSON.stringify(value);
  return value as string | number | boolean;
}

/** The columns of a resource's representation, or the chosen ones (checked). */
export function exportColumns(resource: string, fields?: string[]): string[] {
  const def = ADMIN_RESOURCES[resource];
  if (!def) throw new ExportError(`unknown resource "${resource}"; one of ${Object.keys(ADMIN_RESOURCES).join(', ')}`);
  const all = Object.keys(def.schemas.ZOutput.shape);
  if (!fields?.length) return all;
  const unknown = fields.filter((f) => !all.includes(f));
  if (unknown.length) throw new ExportError(`unknown fields for ${resource}: ${unknown.join(', ')}`);
  return fields;
}

/** Write the export to `out`; resolves with the number of rows once everything is flushed. */
export async function exportResource(em: EntityManager, out: Writable, opts: ExportOptions): Promise<number> {
  const columns = exportColumns(opts.resource, opts.fields);
  const def = ADMIN_RESOURCES[opts.resource]!;
  if (opts.segment !== undefined && opts.resource !== 'profiles') throw new ExportError('--segment selects profiles only');
  const where = opts.segment === undefined ? {} : await savedSegmentFilter(em, opts.segment).catch((err: unknown) => {
    if (err instanceof NotFound) throw new ExportError(`no segment with id ${opts.segment}`);
    throw err;
  });
  let count = 0;
  async function* rows() {
    for await (const batch of adminIterate(em, def, opts.access ?? SUPERUSER_ACCESS, opts.batchSize, where)) {
      opts.onBatch?.(count + batch.length);
      for (const row of batch) {
        count++;
        const picked = Object.fromEntries(columns.map((c) => [c, row[c]]));
        yield opts.format === 'csv' ? Object.fromEntries(columns.map((c) => [c, cell(picked[c])])) : `${JSON.stringify(picked)}\n`;
      }
    }
  }
  const source = Readable.from(rows());
  if (opts.format === 'csv') {
    await pipeline(source, stringify({ header: true, columns }), out, { end: false });
  } else {
    await pipeline(source, out, { end: false });
  }
  return count;
}

import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ZPeopleImportMapping, type TPeopleImport } from '@klub/contracts';
import {
  createPeopleImport,
  dryRunPeopleImport,
  getPeopleImport,
  listPeopleImportRows,
  setPeopleImportMapping,
  startPeopleImport,
} from '@klub/domain';
import { fileStorageAt } from '@klub/storage';
import { progressBar } from './import-statement.js';

export interface ImportPeopleCommand {
  file: string;
  unit: string;
  /** `{"columns": {...}, "defaults": {...}}`, or just the columns `{"email": "E-mail", …}`. */
  mapping?: string;
  dryRun: boolean;
  storageDir: string;
  timeoutSeconds: number;
  out?: NodeJS.WriteStream;
}

const countsLine = (i: TPeopleImport) =>
  Object.entries(i.counts)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');

function parseMapping(text: string) {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error('--mapping must be JSON');
  }
  const wrapped = json && typeof json === 'object' && 'columns' in json ? json : { columns: json };
  const parsed = ZPeopleImportMapping.safeParse(wrapped);
  if (!parsed.success) throw new Error(`--mapping: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

/**
 * `pnpm klub import people FILE --unit ID [--mapping JSON] [--dry-run]` (issue 17 §3): the same
 * steps as the admin API (upload, mapping, dry run, start), then the import's progress until the
 * worker is done. Exit 0 when done (or after a dry run), 1 when it failed.
 */
export async function importPeopleCommand(em: EntityManager, cmd: ImportPeopleCommand): Promise<number> {
  const out = cmd.out ?? process.stdout;
  const unit = Number(cmd.unit);
  if (!Number.isInteger(unit) || unit <= 0) throw new Error('--unit must be the id of an administrative unit');
  const mapping = cmd.mapping === undefined ? undefined : parseMapping(cmd.mapping);
  const files = fileStorageAt(cmd.storageDir);
  const data = await readFile(cmd.file);
  let imp = await createPeopleImport(em, { administrativeUnitId: unit, file: { filename: basename(cmd.file), data }, createdBy: null }, files);
  out.write(`people import ${imp.id}: ${imp.format}${imp.encoding ? `, ${imp.encoding}` : ''}${imp.delimiter ? `, delimiter "${imp.delimiter}"` : ''}\n`);
  imp = await setPeopleImportMapping(em, imp.id, mapping ?? imp.mapping ?? { columns: {}, defaults: {} });
  out.write(`mapping: ${JSON.stringify(imp.mapping)}\n`);
  imp = await dryRunPeopleImport(em, imp.id, files);
  out.write(`dry run: ${imp.rows_total} rows: ${countsLine(imp)}\n`);
  if (cmd.dryRun) {
    const [refused] = await listPeopleImportRows(em, imp.id, 'refuse', { limit: 50, offset: 0 });
    for (const r of refused) out.write(`  line ${r.row}: ${r.reasons.map((x) => `${x.field}: ${x.message}`).join('; ')}\n`);
    if (imp.counts.refuse > refused.length) out.write(`  … ${imp.counts.refuse - refused.length} more refused\n`);
    return 0;
  }

  const { jobId } = await startPeopleImport(em, imp.id, files);
  out.write(`queued (job ${jobId}); waiting for the worker…\n`);
  const deadline = Date.now() + cmd.timeoutSeconds * 1000;
  let last = '';
  for (;;) {
    imp = await getPeopleImport(em.fork(), imp.id);
    const line = `${progressBar(imp.progress)} ${imp.status} ${imp.rows_done}/${imp.rows_total}`;
    if (line !== last) {
      out.write(out.isTTY ? `\r${line}` : `${line}\n`);
      last = line;
    }
    if (imp.status === 'done') {
      out.write(`${out.isTTY ? '\n' : ''}done: ${countsLine(imp)}; ${imp.channels_created} donation channels created\n`);
      return 0;
    }
    if (imp.status === 'failed') {
      out.write(`${out.isTTY ? '\n' : ''}failed: ${imp.error ?? 'unknown error'}\n`);
      return 1;
    }
    if (Date.now() > deadline) {
      out.write(`\nstopped following after ${cmd.timeoutSeconds} s; the import goes on (GET /api/admin/people-imports/${imp.id}/)\n`);
      return 1;
    }
    await sleep(250);
  }
}

import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { EntityManager } from '@mikro-orm/postgresql';
import { BANK_STATEMENT_TYPE, type BankStatementType } from '@klub/contracts';
import { createStatementImport, statementImportState } from '@klub/domain';
import { fileStorageAt } from '@klub/storage';

export interface ImportStatementCommand {
  type: string;
  unit: string;
  file: string;
  storageDir: string;
  /** Give up following after this many seconds (the import itself goes on in the worker). */
  timeoutSeconds: number;
  /** Where the progress bar goes (a TTY redraws one line; anything else gets a line per change). */
  out?: NodeJS.WriteStream;
}

export function progressBar(percent: number, width = 30): string {
  const filled = Math.round((Math.max(0, Math.min(100, percent)) / 100) * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(percent).padStart(3)}%`;
}

/**
 * `pnpm klub import-statement --type account_kb --unit <id> FILE` (operations.md §2): stores the
 * file and queues its import exactly as `POST /api/admin/account-statements/` does, then follows
 * the statement's progress until the worker is done. Exit 0 when done, 1 when it failed.
 */
export async function importStatementCommand(em: EntityManager, cmd: ImportStatementCommand): Promise<number> {
  const out = cmd.out ?? process.stdout;
  if (!(BANK_STATEMENT_TYPE as readonly string[]).includes(cmd.type)) {
    throw new Error(`--type must be one of ${BANK_STATEMENT_TYPE.join(', ')}`);
  }
  const unit = Number(cmd.unit);
  if (!Number.isInteger(unit) || unit <= 0) throw new Error('--unit must be the id of an administrative unit');
  const data = await readFile(cmd.file);
  const { accountStatementId, jobId } = await createStatementImport(
    em,
    { type: cmd.type as BankStatementType, administrativeUnitId: unit, file: { filename: basename(cmd.file), data } },
    fileStorageAt(cmd.storageDir),
  );
  out.write(`account statement ${accountStatementId} queued (job ${jobId}); waiting for the worker…\n`);

  const deadline = Date.now() + cmd.timeoutSeconds * 1000;
  let last = '';
  let warned = false;
  for (;;) {
    const state = await statementImportState(em, accountStatementId);
    if (!state) throw new Error(`account statement ${accountStatementId} disappeared`);
    const line = `${progressBar(state.progress)} ${state.status}`;
    if (line !== last) {
      out.write(out.isTTY ? `\r${line}` : `${line}\n`);
      last = line;
    }
    if (state.status === 'done') {
      out.write(`${out.isTTY ? '\n' : ''}done: ${state.paymentsTotal} payments, ${state.paymentsPaired} paired\n`);
      return 0;
    }
    if (state.status === 'failed') {
      out.write(out.isTTY ? '\n' : '');
      for (const e of state.errors) out.write(`failed: ${e.message}\n`);
      return 1;
    }
    if (!warned && state.status === 'queued' && Date.now() > deadline - cmd.timeoutSeconds * 1000 + 15_000) {
      out.write(
        `${out.isTTY ? '\n' : ''}still queued after 15 s: is the worker running (pnpm start, or pnpm --filter @klub/worker start)?\n`,
      );
      warned = true;
    }
    if (Date.now() > deadline) {
      out.write(
        `\nstopped following after ${cmd.timeoutSeconds} s; the import goes on (GET /api/admin/account-statements/${accountStatementId}/)\n`,
      );
      return 1;
    }
    await sleep(250);
  }
}

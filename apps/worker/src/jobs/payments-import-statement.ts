import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { paymentsImportStatement } from '@klub/contracts';
import { execute, failStatement, importStatement, NotFound } from '@klub/domain';
import { defineHandler } from './define-handler.js';

/**
 * `payments.import-statement` (jobs.md §6): reads the uploaded file from STORAGE_DIR and imports
 * it. A malformed file fails the statement and the job at once (no retry can fix it); any other
 * error is retried, and the statement is marked failed when the last attempt fails.
 */
export const handler = defineHandler(paymentsImportStatement, async ({ accountStatementId }, ctx) => {
  try {
    const [row] = await execute<Array<{ csv_file: string }>>(
      ctx.em,
      'select csv_file from account_statement where id = ?',
      [accountStatementId],
    );
    if (!row) throw new NotFound(`Account statement ${accountStatementId} does not exist.`);
    if (!row.csv_file) throw new NotFound(`Account statement ${accountStatementId} has no file.`);
    const path = isAbsolute(row.csv_file) ? row.csv_file : resolve(ctx.deps.env.STORAGE_DIR, row.csv_file);
    const file = await readFile(path).catch(() => {
      throw new NotFound(`The file of account statement ${accountStatementId} is missing (${row.csv_file}).`);
    });
    const result = await importStatement(ctx.em, accountStatementId, file, { onProgress: ctx.progress });
    ctx.log.info({ accountStatementId, ...result }, 'statement imported');
    return result;
  } catch (err) {
    const lastAttempt = ctx.job.attemptsMade + 1 >= (ctx.job.opts.attempts ?? 1);
    if (err instanceof NotFound || lastAttempt) await failStatement(ctx.em, accountStatementId, (err as Error).message);
    throw err;
  }
});

import { paymentsImportStatement } from '@klub/contracts';
import { failStatement, importStatement, NotFound, statementImportState } from '@klub/domain';
import { fileStorageAt } from '@klub/storage';
import { defineHandler } from './define-handler.js';

/**
 * `payments.import-statement` (jobs.md §6): reads the uploaded file from the file storage
 * (`@klub/storage` under STORAGE_DIR) and imports it. A malformed file fails the statement and the job at once (no retry can fix it); any other
 * error is retried, and the statement is marked failed when the last attempt fails.
 */
export const handler = defineHandler(paymentsImportStatement, async ({ accountStatementId }, ctx) => {
  try {
    const row = await statementImportState(ctx.em, accountStatementId);
    if (!row) throw new NotFound(`Account statement ${accountStatementId} does not exist.`);
    if (!row.csvFile) throw new NotFound(`Account statement ${accountStatementId} has no file.`);
    // A name the storage refuses (absolute, outside STORAGE_DIR) reads as missing.
    const file = await fileStorageAt(ctx.deps.env.STORAGE_DIR).read(row.csvFile);
    if (!file) throw new NotFound(`The file of account statement ${accountStatementId} is missing (${row.csvFile}).`);
    const result = await importStatement(ctx.em, accountStatementId, file, { onProgress: ctx.progress });
    ctx.log.info({ accountStatementId, ...result }, 'statement imported');
    return result;
  } catch (err) {
    const lastAttempt = ctx.job.attemptsMade + 1 >= (ctx.job.opts.attempts ?? 1);
    if (err instanceof NotFound || lastAttempt) await failStatement(ctx.em, accountStatementId, (err as Error).message);
    throw err;
  }
});

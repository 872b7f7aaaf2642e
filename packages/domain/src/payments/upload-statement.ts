import type { EntityManager } from '@mikro-orm/postgresql';
import { MSG, paymentsCheck, paymentsImportStatement, type BankStatementType } from '@klub/contracts';
import { AccountStatement } from '@klub/db';
import { ValidationError } from '../errors.js';
import type { FileStore } from '../files.js';
import { enqueue } from '../outbox.js';
import { execute } from '../sql.js';

/** The storage kind of uploaded statements (`account_statements/…`). */
export const STATEMENT_STORAGE_KIND = 'account_statements';

export interface StatementUpload {
  type: BankStatementType;
  administrativeUnitId: number;
  file: { filename: string; data: Uint8Array };
}

/**
 * An operator's statement upload (operations.md §3): the file is stored in `files` under a
 * key the storage chooses, then the account_statement row (`queued`) and its
 * `payments.import-statement` job are written in one transaction, so the worker picks it up once
 * committed. Returns the statement id and the job id (`outbox-<n>`).
 */
export async function createStatementImport(
  em: EntityManager,
  upload: StatementUpload,
  files: FileStore,
): Promise<{ accountStatementId: number; jobId: string }> {
  const [unit] = await execute<Array<{ id: number }>>(em, 'select id from administrative_unit where id = ?', [
    upload.administrativeUnitId,
  ]);
  if (!unit) throw ValidationError.field('administrative_unit', MSG.invalidPk(String(upload.administrativeUnitId)));
  if (upload.file.data.length === 0) throw ValidationError.field('file', 'The submitted file is empty.');
  const key = await files.save(STATEMENT_STORAGE_KIND, upload.file.filename, upload.file.data);
  try {
    return await em.transactional(async (tx) => {
      const statement = tx.create(AccountStatement, {
        type: upload.type,
        administrativeUnit: upload.administrativeUnitId,
        csvFile: key,
        status: 'queued',
      });
      await tx.flush();
      const message = enqueue(tx, paymentsImportStatement, { accountStatementId: statement.id });
      await tx.flush();
      return { accountStatementId: statement.id, jobId: `outbox-${message.id}` };
    });
  } catch (err) {
    await files.remove(key);
    throw err;
  }
}

/** `POST /api/admin/payments/check/`: queue a payment check now (operations.md §4). */
export async function requestPaymentCheck(em: EntityManager, requestedBy: number | null): Promise<{ jobId: string }> {
  return em.transactional(async (tx) => {
    const message = enqueue(tx, paymentsCheck, { requestedBy });
    await tx.flush();
    return { jobId: `outbox-${message.id}` };
  });
}

/** The outbox row behind a job id `outbox-<n>`, while the relay has not published it yet. */
export async function pendingOutboxJob(
  em: EntityManager,
  jobId: string,
): Promise<{ name: string; createdAt: Date; published: boolean; lastError: string | null } | null> {
  const m = /^outbox-(\d+)$/.exec(jobId);
  if (!m) return null;
  const [row] = await execute<
    Array<{ job_name: string; created_at: Date; published_at: Date | null; last_error: string | null }>
  >(em, 'select job_name, created_at, published_at, last_error from outbox_message where id = ?', [Number(m[1])]);
  return row
    ? { name: row.job_name, createdAt: new Date(row.created_at), published: row.published_at !== null, lastError: row.last_error }
    : null;
}

/** Where an import stands (operations.md §3), as the CLI shows it while it waits. */
export interface StatementImportState {
  status: string;
  progress: number;
  paymentsTotal: number;
  paymentsPaired: number;
  errors: Array<{ line?: number; message: string }>;
  /** The stored file's key; `''` when there is none. */
  csvFile: string;
}

/** The import's state, read fresh (not from `em`'s identity map); undefined when the statement is gone. */
export async function statementImportState(em: EntityManager, accountStatementId: number): Promise<StatementImportState | undefined> {
  const row = await em.fork().findOne(
    AccountStatement,
    accountStatementId,
    { fields: ['status', 'progress', 'paymentsTotal', 'paymentsPaired', 'errors', 'csvFile'] },
  );
  return row
    ? { status: row.status, progress: row.progress, paymentsTotal: row.paymentsTotal, paymentsPaired: row.paymentsPaired, errors: row.errors, csvFile: row.csvFile }
    : undefined;
}

import { hash } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { EntityManager } from '@mikro-orm/postgresql';
import { from as copyFrom, type CopyStreamQuery } from 'pg-copy-streams';
import { BANK_STATEMENT_TYPE, paymentsCheck, type BankStatementType } from '@klub/contracts';
import { NotFound, ValidationError } from '../errors.js';
import { enqueue } from '../outbox.js';
import { execute } from '../sql.js';
import { transactionConnection } from '../transaction-connection.js';
import { formatAccountNumber, normalizeAccountNumber, sameAccount } from './bank-account-number.js';
import { PAIRED_CHANNEL, PAIRING_JOINS, pairingLogSql, preparePairing } from './pair-payments.js';
import { StatementParseError } from './statements/common.js';
import { readStatement } from './statements/parse-statement.js';
import type { StatementLine, StatementReader } from './statements/types.js';

export interface ImportStatementOptions {
  /** Called with 0–100 as the import advances (also written to the statement's `progress`). */
  onProgress?: (percent: number) => void | Promise<void>;
  /**
   * Lines per staging chunk (COPY + INSERT). Without it the first chunks are smaller (5,000 then
   * 10,000 lines, then 20,000), so PostgreSQL starts inserting while the rest of the file is parsed.
   */
  chunkSize?: number;
}

export interface ImportStatementResult {
  status: 'done' | 'already-done';
  /** Payments this statement holds. */
  paymentsTotal: number;
  paymentsPaired: number;
  /** Lines skipped because another import already booked them. */
  duplicates: number;
  /** Outgoing or non-incoming lines. */
  skipped: number;
}

interface StatementRow {
  id: number;
  type: string;
  status: string;
  administrative_unit_id: number | null;
}

/** Error text of the original for an unknown own account (jobs.md §6.1). */
export const missingBankAccountMessage = (account: string) =>
  `Chybějící bankovní účet: ${account}, přidejte do bankovních účtů (Missing Bank account: ${account}, add it in BankAccounts)`;

/**
 * The recipient money account (jobs.md §6.1, our decision): only bank accounts of the statement's
 * unit; an exact match of the normalized number wins, "contains" is the fallback; several
 * candidates fail the import. Returns null when none matches.
 */
async function findRecipientAccount(
  em: EntityManager,
  unitId: number | null,
  candidates: string[],
): Promise<{ id: number; number: string } | null> {
  if (unitId === null || candidates.length === 0) return null;
  const accounts = await execute<Array<{ id: number; bank_account_number: string }>>(
    em,
    `select id, bank_account_number from money_account
      where kind = 'bank' and administrative_unit_id = ? and bank_account_number is not null order by id`,
    [unitId],
  );
  for (const candidate of candidates) {
    const exact = accounts.filter((a) => sameAccount(candidate, a.bank_account_number));
    const found = exact.length ? exact : accounts.filter((a) => a.bank_account_number.includes(candidate.trim()));
    if (found.length > 1) {
      throw new StatementParseError(
        null,
        `the account ${candidate} matches several bank accounts of the unit: ${found.map((a) => a.bank_account_number).join(', ')}`,
      );
    }
    if (found[0]) return { id: found[0].id, number: found[0].bank_account_number };
  }
  return null;
}

/**
 * The idempotency key of a bank line (jobs.md §6.1, our decision): a hash of its normalized content
 * (own account, date, amount, counter-account and bank code, VS, SS, KS, operation id, message).
 * Identical lines inside one file are told apart by their occurrence number, so two real
 * payments that look alike are both booked, while re-importing the file (or an overlapping one)
 * books neither again. Returns the key of each line of one file, in file order.
 */
export function lineKeyer(ownAccount: string): (line: StatementLine) => string {
  const seen = new Map<string, number>();
  const own = formatAccountNumber(normalizeAccountNumber(ownAccount));
  return (l) => {
    const content = [
      own,
      l.date,
      l.amount,
      formatAccountNumber({ ...normalizeAccountNumber(l.account), bankCode: l.bankCode || null }),
      (l.vs ?? '').trim(),
      l.ss.trim(),
      l.ks.trim(),
      (l.operationId ?? '').trim(),
      (l.recipientMessage ?? '').trim(),
    ].join('\u001f');
    const n = (seen.get(content) ?? 0) + 1;
    seen.set(content, n);
    // One-shot hashing: a Hash object per line cost more than the digest itself.
    return hash('sha256', `${content}\u001f#${n}`, 'hex');
  };
}

/**
 * Progress is written on a pooled connection of its own, never inside the import's transaction
 * (MikroORM would otherwise route the caller's em into it), so observers see it while the import runs.
 */
async function setProgress(
  em: EntityManager,
  id: number,
  progress: number,
  onProgress?: ImportStatementOptions['onProgress'],
) {
  await em.getConnection().execute('update account_statement set progress = ? where id = ?', [progress, id], 'run');
  await onProgress?.(progress);
}

/**
 * Imports a bank statement file into its account_statement (job `payments.import-statement`,
 * jobs.md §5.1 and §6): parse, store the payments in bulk, pair them in SQL, refresh the paired
 * channels, all in one transaction, so a malformed file writes no payment at all. Progress goes to
 * the statement's `progress` column outside that transaction, so observers see it move.
 * Lines already booked (same line key) are skipped. A statement already `done` is left alone.
 * A file that cannot be imported fails the statement (`status = failed`, `errors` naming the
 * line) and throws StatementParseError.
 *
 * `em` must not be inside a transaction (the status and progress updates commit on their own).
 */
export async function importStatement(
  em: EntityManager,
  accountStatementId: number,
  file: Buffer,
  options: ImportStatementOptions = {},
): Promise<ImportStatementResult> {
  const [statement] = await execute<StatementRow[]>(
    em,
    'select id, type, status, administrative_unit_id from account_statement where id = ?',
    [accountStatementId],
  );
  if (!statement) throw new NotFound(`Account statement ${accountStatementId} does not exist.`);
  if (statement.status === 'done') {
    const [counts] = await execute<Array<{ total: string; paired: string }>>(
      em,
      'select payments_total as total, payments_paired as paired from account_statement where id = ?',
      [accountStatementId],
    );
    return {
      status: 'already-done',
      paymentsTotal: Number(counts?.total ?? 0),
      paymentsPaired: Number(counts?.paired ?? 0),
      duplicates: 0,
      skipped: 0,
    };
  }
  if (!(BANK_STATEMENT_TYPE as readonly string[]).includes(statement.type)) {
    throw ValidationError.field('type', `"${statement.type}" is not a bank statement format.`);
  }
  await execute(em, `update account_statement set status = 'running', progress = 0, errors = '[]' where id = ?`, [
    accountStatementId,
  ]);
  await options.onProgress?.(0);
  try {
    return await em.transactional(async (tx) => {
      // PostgreSQL builds the pairing tables while this process opens the file and parses the
      // first chunk (Komerční banka; the other formats are parsed whole): the request is put on
      // the wire (one event-loop turn) before the parse takes the CPU.
      const pairing = preparePairing(tx, statement.administrative_unit_id);
      await new Promise((resolve) => setImmediate(resolve));
      const sizes = options.chunkSize ? [options.chunkSize] : [5_000, 10_000, 20_000];
      let parsed: StatementReader;
      let first: StatementLine[];
      try {
        parsed = readStatement(statement.type as BankStatementType, file);
        first = parsed.next(sizes[0]!);
      } catch (err) {
        // The connection must be idle before the rollback.
        await pairing.catch(() => undefined);
        throw err;
      }
      await pairing;
      await setProgress(em, accountStatementId, 10, options.onProgress);
      return store(tx, em, statement, parsed, first, sizes, options);
    });
  } catch (err) {
    if (err instanceof StatementParseError) await failStatement(em, accountStatementId, err.message, err.line);
    else if (err instanceof ValidationError) await failStatement(em, accountStatementId, err.message);
    throw err;
  }
}

/**
 * Marks a statement failed with a readable error (kept in `errors` and appended to `pair_log`).
 * A statement already `done` stays done.
 */
export async function failStatement(
  em: EntityManager,
  accountStatementId: number,
  message: string,
  line?: number | null,
) {
  const error = line ? { line, message } : { message };
  await em.getConnection().execute(
    `update account_statement set status = 'failed', errors = ?::jsonb,
              pair_log = case when pair_log = '' then ? else pair_log || E'\\n' || ? end
        where id = ? and status <> 'done'`,
    [JSON.stringify([error]), message, message, accountStatementId],
    'run',
  );
}

/** The staging table's columns, in COPY order (payment columns, plus the file order `ord`). */
const COLUMNS = [
  'ord int',
  'date date',
  'amount int',
  'account text',
  'bank_code text',
  'vs text',
  'vs2 text',
  'ss text',
  'ks text',
  'account_name text',
  'bank_name text',
  'currency text',
  'recipient_message text',
  'transfer_note text',
  'user_identification text',
  'operation_id text',
  'transfer_type text',
  'done_by text',
  'specification text',
  'order_id text',
  'bic text',
  'line_key text',
] as const;
const NAMES = COLUMNS.map((c) => c.split(' ')[0]!);
const PAYMENT_NAMES = NAMES.filter((n) => n !== 'ord');

/** A value in COPY's text format: `\N` is NULL; backslash, tab, newline and carriage return are escaped. */
function copyValue(v: string | number | null): string {
  if (v === null) return '\\N';
  if (typeof v === 'number') return String(v);
  return /[\\\t\n\r]/.test(v)
    ? v.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'))
    : v;
}

/** Lines as COPY text rows of the staging table, the first one at file position `ord`. */
function copyText(lines: StatementLine[], ord: number, key: (l: StatementLine) => string): string {
  let out = '';
  for (let i = 0; i < lines.length; i += 1) {
    const l = lines[i]!;
    out += `${[
      ord + i,
      l.date,
      l.amount,
      l.account,
      l.bankCode,
      l.vs,
      l.vs2,
      l.ss,
      l.ks,
      l.accountName,
      l.bankName,
      l.currency,
      l.recipientMessage,
      l.transferNote,
      l.userIdentification,
      l.operationId,
      l.transferType,
      l.doneBy,
      l.specification,
      l.orderId,
      l.bic,
      key(l),
    ]
      .map(copyValue)
      .join('\t')}\n`;
  }
  return out;
}

/**
 * Key-share locks the rows every payment of the import will reference (its statement and the
 * recipient money account) until commit, and says whether the payments may be inserted without
 * per-row triggers.
 *
 * Why: each payment row would run three foreign-key triggers, each an SPI query and a row lock
 * (half the time of the whole insert, measured with `EXPLAIN ANALYZE`). The import gives the same
 * guarantee set-based instead: these two rows here, and in each chunk's insert the distinct
 * channels it paired to (a chunk fails when one is gone). The locks are the ones the triggers
 * take and, like theirs, keep a referenced row from being deleted until commit. Skipping the
 * triggers (`session_replication_role = replica`, for the inserts only) needs a superuser or,
 * from PostgreSQL 15, `GRANT SET ON PARAMETER session_replication_role`; without it they run as
 * well (same result, slower). The payment table has no other triggers.
 */
async function lockReferencedRows(tx: EntityManager, statementId: number, recipientId: number | null) {
  const [row] = await execute<Array<{ bulk: boolean; statement: string; recipient: string }>>(
    tx,
    `select has_parameter_privilege('session_replication_role', 'SET') as bulk,
            (select count(*) from (select from account_statement where id = ? for key share) s) as statement,
            (select count(*) from (select from money_account where id = ? for key share) m) as recipient`,
    [statementId, recipientId],
  );
  if (Number(row?.statement) !== 1) throw new NotFound(`Account statement ${statementId} does not exist.`);
  if (recipientId !== null && Number(row?.recipient) !== 1)
    throw new ReferencedRowGone(`The bank account ${recipientId}`);
  return row?.bulk === true;
}

/** A row the import references was deleted while it ran; the job's next attempt starts afresh. */
export class ReferencedRowGone extends Error {
  constructor(what: string) {
    super(`${what} was deleted while the statement was being imported; nothing was booked, the import can be retried.`);
  }
}

interface ChunkResult {
  n: string;
  channels: string;
  kept: string;
}

/** The payments a chunk booked, once the channels they paired to are known to exist (and locked). */
function booked([row]: ChunkResult[]): number {
  if (Number(row?.kept) < Number(row?.channels))
    throw new ReferencedRowGone('A donor payment channel a line was paired to');
  return Number(row?.n ?? 0);
}

async function store(
  tx: EntityManager,
  outer: EntityManager,
  statement: StatementRow,
  parsed: StatementReader,
  first: StatementLine[],
  sizes: number[],
  options: ImportStatementOptions,
): Promise<ImportStatementResult> {
  const id = statement.id;
  const recipient = await findRecipientAccount(tx, statement.administrative_unit_id, parsed.recipientAccounts);
  let log = '';
  if (!recipient) {
    const named = parsed.recipientAccounts[0] ?? '(none)';
    if (parsed.requireRecipientAccount) throw new StatementParseError(null, missingBankAccountMessage(named));
    log += 'Chybějící bankovní účet, přidejte do bankovních účtů (Missing Bank account, add it in BankAccounts)\n';
  }
  // The lines go by COPY to a staging table (a fraction of the cost of the same data as bound
  // JSON parameters), then into payment by a set-based INSERT that pairs as it inserts, chunk by
  // chunk: while PostgreSQL inserts one chunk, this process parses, hashes and encodes the next
  // one (a malformed line after some chunks rolls the whole transaction back).
  // Keyed on the account the file names (not the matched row), so keys never depend on configuration.
  const ownAccount = parsed.recipientAccounts[0] ?? '';
  const key = lineKeyer(ownAccount);
  // Imports of the same account take turns, so a line booked by another import is either
  // committed (and skipped by the anti-join below) or not booked at all: the insert needs no
  // ON CONFLICT, whose per-row speculative insertion cost more than the whole index probe. The
  // unique line key stays as the backstop. work_mem lets the file-order sort of a chunk stay in
  // memory, for this transaction only.
  await execute(tx, `select pg_advisory_xact_lock(hashtext('klub.import'), hashtext(?))`, [ownAccount]);
  const bulk = await lockReferencedRows(tx, id, recipient?.id ?? null);
  await tx.getConnection().execute(
    `drop table if exists pg_temp.import_line;
       create temp table import_line (${COLUMNS.join(', ')}) on commit drop;
       set local work_mem = '32MB';
       ${bulk ? 'set local session_replication_role = replica;' : ''}`,
    [],
    'run',
    tx.getTransactionContext(),
  );
  const client = await transactionConnection<{ query: (q: CopyStreamQuery) => CopyStreamQuery }>(tx);
  let count = 0;
  let inserted = 0;
  let progress = 10;
  let pending: Promise<ChunkResult[]> | null = null;
  // The connection must be idle before a rollback: a parse error waits for the insert in flight.
  const nextLines = async (max: number) => {
    try {
      return parsed.next(max);
    } catch (err) {
      await pending?.catch(() => undefined);
      throw err;
    }
  };
  for (let chunk = 0, lines = first; lines.length;) {
    const text = copyText(lines, count, key);
    const start = count;
    count += lines.length;
    if (pending) {
      inserted += booked(await pending);
      // The lines stored so far, of the file's lines as estimated from the share parsed.
      const total = parsed.done > 0 ? count / parsed.done : count;
      progress = Math.max(progress, 10 + Math.min(69, Math.round((70 * start) / total)));
      await setProgress(outer, id, progress, options.onProgress);
    }
    await execute(tx, 'truncate pg_temp.import_line');
    await pipeline(
      Readable.from([text]),
      client.query(copyFrom(`copy pg_temp.import_line (${NAMES.join(', ')}) from stdin`)),
    );
    // Without statistics the planner takes the staging table for a few rows and joins it badly;
    // the first chunk's are enough (later chunks are scaled by the table's size).
    if (chunk === 0) await execute(tx, 'analyze pg_temp.import_line');
    // The channels a chunk pairs to are key-share locked by the same statement, until commit.
    pending = execute<ChunkResult[]>(
      tx,
      `with ins as (
         insert into payment (${PAYMENT_NAMES.join(', ')}, type, recipient_account_id, account_statement_id,
                              our_note, custom_fields, created, updated, user_donor_payment_channel_id)
         select ${PAYMENT_NAMES.map((n) => `r.${n}`).join(', ')}, 'bank-transfer', ?, ?, '', '{}'::jsonb, now(), now(),
                ${PAIRED_CHANNEL}
           from pg_temp.import_line r
           ${PAIRING_JOINS('r')}
          where not exists (select 1 from payment p where p.line_key = r.line_key)
          order by r.ord
         returning user_donor_payment_channel_id as channel),
       kept as (select c.id from donor_payment_channel c where c.id in (select channel from ins) for key share of c)
       select count(*) as n, count(distinct channel) as channels, (select count(*) from kept) as kept from ins`,
      [recipient?.id ?? null, id],
    );
    chunk += 1;
    lines = await nextLines(sizes[Math.min(chunk, sizes.length - 1)]!);
  }
  if (pending) inserted += booked(await pending);
  if (bulk) await execute(tx, 'set local session_replication_role = origin');
  await setProgress(outer, id, 80, options.onProgress);
  const duplicates = count - inserted;
  if (duplicates > 0)
    log += `${duplicates} řádků už bylo importováno dříve, přeskočeno (${duplicates} lines already imported, skipped)\n`;
  // The pair log (one line per unpaired payment, megabytes for a large file) and the totals are
  // written by the database itself, never sent back and forth.
  const pairLog = pairingLogSql(id);
  const [totals] = await execute<Array<{ total: number; paired: number }>>(
    tx,
    `update account_statement
        set status = 'done', progress = 100, errors = '[]', date_from = ?, date_to = ?,
            pair_log = ? || coalesce(${pairLog.sql}, ''),
            (payments_total, payments_paired) =
              (select count(*), count(user_donor_payment_channel_id) from payment where account_statement_id = ?)
      where id = ?
      returning payments_total as total, payments_paired as paired`,
    [parsed.dateFrom, parsed.dateTo, log, ...pairLog.params, id, id],
  );
  const total = totals?.total ?? 0;
  const paired = totals?.paired ?? 0;
  if (paired > 0) {
    // The paired channels' aggregates and lateness are refreshed by a payment check of this
    // statement, queued with the import's commit (so the import itself stays short).
    enqueue(tx, paymentsCheck, { requestedBy: null, accountStatementId: id });
    await tx.flush();
  }
  await options.onProgress?.(100);
  return { status: 'done', paymentsTotal: total, paymentsPaired: paired, duplicates, skipped: parsed.skipped };
}

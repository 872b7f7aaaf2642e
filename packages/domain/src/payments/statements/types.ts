import type { BankStatementType } from '@klub/contracts';

/** One incoming transaction of a statement, in payment columns (domain.md §3.4). */
export interface StatementLine {
  /** 1-based line of the file. */
  line: number;
  /** `YYYY-MM-DD`. */
  date: string;
  /** Whole CZK, never negative (outgoing lines are skipped by the parsers). */
  amount: number;
  account: string;
  bankCode: string;
  vs: string | null;
  vs2: string | null;
  ss: string;
  ks: string;
  accountName: string;
  bankName: string;
  currency: string | null;
  recipientMessage: string | null;
  transferNote: string | null;
  userIdentification: string;
  operationId: string | null;
  transferType: string | null;
  doneBy: string;
  specification: string | null;
  orderId: string | null;
  bic: string | null;
}

export interface ParsedStatement {
  type: BankStatementType;
  /**
   * The organisation's own account as the file names it, in the order to try (Sberbank names it
   * on every line and the first one found wins). Empty when the file names none.
   */
  recipientAccounts: string[];
  /** Fio, ČS, KB and ČSOB stop when the account is unknown; Sberbank and Raiffeisen import without it. */
  requireRecipientAccount: boolean;
  dateFrom: string | null;
  dateTo: string | null;
  lines: StatementLine[];
  /** Outgoing (negative) lines and, for Sberbank, non-incoming ones. */
  skipped: number;
}

/**
 * A statement read as it is imported: the own account is known once the reader is open (from the
 * preamble), the lines come in file order as they are parsed, and the dates and the skipped count
 * are final once `next` returned no line.
 */
export interface StatementReader {
  type: BankStatementType;
  recipientAccounts: string[];
  requireRecipientAccount: boolean;
  /** The next `max` lines (fewer only at the end of the file; none after it). Throws StatementParseError. */
  next(max: number): StatementLine[];
  /** Share of the file parsed so far, 0–1. */
  readonly done: number;
  readonly dateFrom: string | null;
  readonly dateTo: string | null;
  readonly skipped: number;
}

/** A statement parsed whole, as a reader. */
export function readerOf(parsed: ParsedStatement): StatementReader {
  let at = 0;
  return {
    ...parsed,
    next(max) {
      const lines = parsed.lines.slice(at, at + Math.max(max, 1));
      at += lines.length;
      return lines;
    },
    get done() {
      return parsed.lines.length === 0 ? 1 : at / parsed.lines.length;
    },
  };
}

/** Every line of a reader, as one parsed statement. */
export function readAll(reader: StatementReader): ParsedStatement {
  const lines: StatementLine[] = [];
  for (let batch = reader.next(65_536); batch.length; batch = reader.next(65_536)) {
    for (const l of batch) lines.push(l);
  }
  return {
    type: reader.type,
    recipientAccounts: reader.recipientAccounts,
    requireRecipientAccount: reader.requireRecipientAccount,
    dateFrom: reader.dateFrom,
    dateTo: reader.dateTo,
    lines,
    skipped: reader.skipped,
  };
}

/** The columns a parser does not fill: NULL where the column is nullable, `''` elsewhere. */
export function emptyLine(line: number, date: string, amount: number): StatementLine {
  return {
    line,
    date,
    amount,
    account: '',
    bankCode: '',
    vs: null,
    vs2: null,
    ss: '',
    ks: '',
    accountName: '',
    bankName: '',
    currency: null,
    recipientMessage: null,
    transferNote: null,
    userIdentification: '',
    operationId: null,
    transferType: null,
    doneBy: '',
    specification: null,
    orderId: null,
    bic: null,
  };
}

import {
  cell,
  requireColumns,
  decode,
  isBlank,
  parseAmount,
  parseDmy,
  padBankCode,
  readCsvSlices,
  type Row,
  splitAccount,
  StatementParseError,
  n,
  s,
} from './common.js';
import { emptyLine, readAll, type ParsedStatement, type StatementLine, type StatementReader } from './types.js';

/**
 * Komerční banka, type `account_kb` (jobs.md §6.4): cp1250, `;`, unquoted, rows padded to 20
 * fields. Preamble: `Cislo uctu;999-99999999 CZK`, `Vypis za obdobi;<from>` and a next line
 * `;<to>`; header row `Datum splatnosti`; 19 positional columns.
 */
export function parseKomercniBanka(buf: Buffer): ParsedStatement {
  return readAll(readKomercniBanka(buf));
}

/**
 * Komerční banka as a reader: opening it reads the file up to the header row (the preamble names
 * the account and the period); the lines are parsed a slice of the file at a time by `next`.
 */
export function readKomercniBanka(buf: Buffer): StatementReader {
  const text = decode(buf, 'windows-1250', 'Komerční banka');
  const slices = readCsvSlices(text, ';');
  const preamble: Row[] = [];
  let pending: Row[] = [];
  let at = 0;
  let found = false;
  while (!found) {
    const slice = slices.next();
    if (slice.done) break;
    const { rows, end } = slice.value;
    at = end;
    const header = rows.findIndex((r) => r.cells[0]?.trim() === 'Datum splatnosti');
    if (header < 0) {
      for (const r of rows) preamble.push(r);
    } else {
      for (const r of rows.slice(0, header)) preamble.push(r);
      pending = rows.slice(header + 1);
      found = true;
    }
  }
  if (!found)
    throw new StatementParseError(
      null,
      'no header row starting with "Datum splatnosti" (is this a Komerční banka statement?)',
    );
  let account = '';
  let dateFrom: string | null = null;
  let dateTo: string | null = null;
  preamble.forEach((r, i) => {
    const key = r.cells[0]?.trim();
    const value = (r.cells[1] ?? '').trim();
    if (key === 'Cislo uctu') account = value.split(' ')[0] ?? '';
    if (key === 'Vypis za obdobi') {
      if (value) dateFrom = parseDmy(value, r.line);
      const next = preamble[i + 1];
      if (next && next.cells[0]?.trim() === '' && next.cells[1]?.trim()) dateTo = parseDmy(next.cells[1], next.line);
    }
  });
  const noSpaces = (v: string | undefined) => s(v).replace(/ /g, '');
  let skipped = 0;
  let ended = false;
  // Lines parsed but not yet asked for.
  let ready: StatementLine[] = [];
  const convert = (rows: Row[], out: StatementLine[]) => {
    for (const row of rows) {
      if (isBlank(row)) continue;
      requireColumns(row, 17);
      const amount = parseAmount(cell(row, 4), row.line);
      if (amount < 0) {
        skipped += 1;
        continue;
      }
      const [acc, code] = splitAccount(cell(row, 2));
      out.push({
        ...emptyLine(row.line, parseDmy(cell(row, 0), row.line), amount),
        account: acc,
        bankCode: padBankCode(code),
        accountName: s(cell(row, 3)),
        vs: n(cell(row, 8)),
        ks: s(cell(row, 9)),
        ss: s(cell(row, 10)),
        recipientMessage: n(cell(row, 14)),
        transferNote: `${noSpaces(cell(row, 15))}, ${noSpaces(cell(row, 16))}`,
      });
    }
  };
  return {
    type: 'account_kb',
    recipientAccounts: account ? [account] : [],
    requireRecipientAccount: true,
    dateFrom,
    dateTo,
    next(max) {
      let out = ready;
      ready = [];
      convert(pending, out);
      pending = [];
      while (!ended && out.length < max) {
        const slice = slices.next();
        if (slice.done) ended = true;
        else {
          at = slice.value.end;
          convert(slice.value.rows, out);
        }
      }
      if (out.length > max) {
        ready = out.slice(max);
        out = out.slice(0, max);
      }
      return out;
    },
    get done() {
      return text.length === 0 ? 1 : at / text.length;
    },
    get skipped() {
      return skipped;
    },
  };
}

import {
  cell,
  requireColumns,
  decode,
  isBlank,
  parseAmount,
  parseDmy,
  padBankCode,
  readCsv,
  splitAccount,
  StatementParseError,
  n,
  s,
} from './common.js';
import { emptyLine, type ParsedStatement, type StatementLine } from './types.js';

/**
 * Komerční banka, type `account_kb` (jobs.md §6.4): cp1250, `;`, unquoted, rows padded to 20
 * fields. Preamble: `Cislo uctu;999-99999999 CZK`, `Vypis za obdobi;<from>` and a next line
 * `;<to>`; header row `Datum splatnosti`; 19 positional columns.
 */
export function parseKomercniBanka(buf: Buffer): ParsedStatement {
  const rows = readCsv(decode(buf, 'windows-1250', 'Komerční banka'), ';');
  const header = rows.findIndex((r) => r.cells[0]?.trim() === 'Datum splatnosti');
  if (header < 0)
    throw new StatementParseError(
      null,
      'no header row starting with "Datum splatnosti" (is this a Komerční banka statement?)',
    );
  let account = '';
  let dateFrom: string | null = null;
  let dateTo: string | null = null;
  const preamble = rows.slice(0, header);
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
  const lines: StatementLine[] = [];
  let skipped = 0;
  for (const row of rows.slice(header + 1)) {
    if (isBlank(row)) continue;
    requireColumns(row, 17);
    const amount = parseAmount(cell(row, 4), row.line);
    if (amount < 0) {
      skipped += 1;
      continue;
    }
    const [acc, code] = splitAccount(cell(row, 2));
    lines.push({
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
  return {
    type: 'account_kb',
    recipientAccounts: account ? [account] : [],
    requireRecipientAccount: true,
    dateFrom,
    dateTo,
    lines,
    skipped,
  };
}

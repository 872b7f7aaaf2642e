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
 * ČSOB, type `account_csob` (jobs.md §6.5): cp1250, `;`, 22 columns. The preamble's first cells
 * are sentences: `CEB Export … Vybrané účty: 99999999/0300; …` names the account and
 * `Datum zaúčtování: od  19.7.2019 do  2.8.2019; …` the period. Header row `číslo účtu`.
 */
export function parseCsob(buf: Buffer): ParsedStatement {
  const rows = readCsv(decode(buf, 'windows-1250', 'ČSOB'), ';');
  const header = rows.findIndex((r) => r.cells[0]?.trim() === 'číslo účtu');
  if (header < 0)
    throw new StatementParseError(null, 'no header row starting with "číslo účtu" (is this a ČSOB statement?)');
  let account = '';
  let dateFrom: string | null = null;
  let dateTo: string | null = null;
  for (const r of rows.slice(0, header)) {
    const first = r.cells[0] ?? '';
    if (first.startsWith('CEB')) {
      const m = /účty:\s*([0-9-]+\/\d+)/.exec(first) ?? /(\d[0-9-]*\/\d{4})/.exec(first);
      if (m) account = m[1]!;
    } else if (first.startsWith('Datum')) {
      const m = /od\s+(\S+?)\s+do\s+(\S+?);/.exec(first);
      if (m) {
        dateFrom = parseDmy(m[1], r.line);
        dateTo = parseDmy(m[2], r.line);
      }
    }
  }
  const lines: StatementLine[] = [];
  let skipped = 0;
  for (const row of rows.slice(header + 1)) {
    if (isBlank(row)) continue;
    requireColumns(row, 20);
    const amount = parseAmount(cell(row, 6), row.line);
    if (amount < 0) {
      skipped += 1;
      continue;
    }
    const [acc, code] = splitAccount(cell(row, 14));
    lines.push({
      ...emptyLine(row.line, parseDmy(cell(row, 4), row.line), amount),
      currency: n(cell(row, 7)),
      ks: s(cell(row, 9)),
      vs: n(cell(row, 10)),
      ss: s(cell(row, 11)),
      accountName: s(cell(row, 13)),
      account: acc,
      bankCode: padBankCode(code),
      recipientMessage: n(cell(row, 15)),
      transferNote: n(cell(row, 19)),
    });
  }
  return {
    type: 'account_csob',
    recipientAccounts: account ? [account] : [],
    requireRecipientAccount: true,
    dateFrom,
    dateTo,
    lines,
    skipped,
  };
}

import { cell, requireColumns, decode, isBlank, parseAmount, parseDmy, readCsv, splitAccount, n, s } from './common.js';
import { emptyLine, type ParsedStatement, type StatementLine } from './types.js';

/**
 * Raiffeisenbank, type `account_raiffeisenbank` (jobs.md §6.7): cp1250, `;`, quoted, CRLF, one
 * header row (`Datum provedení`), 22 positional columns. The own account is the "Číslo účtu" of the
 * first incoming line; the counter-account's bank code is kept as written.
 */
export function parseRaiffeisenbank(buf: Buffer): ParsedStatement {
  const rows = readCsv(decode(buf, 'windows-1250', 'Raiffeisenbank'), ';');
  let own: string | null = null;
  const lines: StatementLine[] = [];
  let skipped = 0;
  for (const row of rows) {
    if (isBlank(row) || row.cells[0]?.trim() === 'Datum provedení') continue;
    requireColumns(row, 19);
    const amount = parseAmount(cell(row, 13), row.line);
    if (amount < 0) {
      skipped += 1;
      continue;
    }
    own ??= s(cell(row, 2)).trim() || null;
    const [acc, code] = splitAccount(cell(row, 5));
    lines.push({
      ...emptyLine(row.line, parseDmy(cell(row, 1), row.line), amount),
      account: acc,
      bankCode: code,
      accountName: s(cell(row, 6)),
      recipientMessage: n(cell(row, 8)),
      transferNote: n(cell(row, 9)),
      vs: n(cell(row, 10)),
      ks: s(cell(row, 11)),
      ss: s(cell(row, 12)),
      currency: n(cell(row, 14)),
      operationId: n(cell(row, 18)),
    });
  }
  return {
    type: 'account_raiffeisenbank',
    recipientAccounts: own ? [own] : [],
    requireRecipientAccount: false,
    dateFrom: null,
    dateTo: null,
    lines,
    skipped,
  };
}

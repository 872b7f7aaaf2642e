import {
  cell,
  requireColumns,
  decode,
  isBlank,
  parseAmount,
  parseYmdSlash,
  padBankCode,
  readCsv,
  StatementParseError,
  n,
  s,
} from './common.js';
import { emptyLine, type ParsedStatement, type StatementLine } from './types.js';

/**
 * Česká spořitelna, type `account_cs` (jobs.md §6.3): cp1250, `;`, a key/value preamble with
 * `yyyy/mm/dd` dates, the header row (`Předčíslí účtu plátce/příjemce`), 19 positional columns.
 */
export function parseCeskaSporitelna(buf: Buffer): ParsedStatement {
  const rows = readCsv(decode(buf, 'windows-1250', 'Česká spořitelna'), ';');
  const header = rows.findIndex((r) => r.cells[0]?.trim() === 'Předčíslí účtu plátce/příjemce');
  if (header < 0) {
    throw new StatementParseError(
      null,
      'no header row starting with "Předčíslí účtu plátce/příjemce" (is this a Česká spořitelna statement?)',
    );
  }
  const meta = new Map<string, { value: string; line: number }>();
  for (const r of rows.slice(0, header))
    meta.set(r.cells[0]!.trim(), { value: (r.cells[1] ?? '').trim(), line: r.line });
  const prefix = meta.get('Předčíslí')?.value ?? '';
  const number = meta.get('Číslo účtu')?.value ?? '';
  const date = (key: string) => {
    const m = meta.get(key);
    return m?.value ? parseYmdSlash(m.value, m.line) : null;
  };
  const lines: StatementLine[] = [];
  let skipped = 0;
  for (const row of rows.slice(header + 1)) {
    if (isBlank(row)) continue;
    requireColumns(row, 17);
    const amount = parseAmount(cell(row, 3), row.line);
    if (amount < 0) {
      skipped += 1;
      continue;
    }
    const accPrefix = s(cell(row, 0)).trim();
    const accNumber = s(cell(row, 1)).trim();
    lines.push({
      ...emptyLine(row.line, parseYmdSlash(cell(row, 13), row.line), amount),
      account: accPrefix ? `${accPrefix}-${accNumber}` : accNumber,
      bankCode: padBankCode(cell(row, 2)),
      ks: s(cell(row, 6)),
      ss: s(cell(row, 7)),
      accountName: s(cell(row, 9)),
      operationId: n(cell(row, 10)),
      recipientMessage: n(cell(row, 11)),
      transferNote: n(cell(row, 12)),
      vs: n(cell(row, 15)),
      vs2: n(cell(row, 16)),
    });
  }
  return {
    type: 'account_cs',
    recipientAccounts: number ? [prefix ? `${prefix}-${number}` : number] : [],
    requireRecipientAccount: true,
    dateFrom: date('Počáteční datum období'),
    dateTo: date('Konečné datum období'),
    lines,
    skipped,
  };
}

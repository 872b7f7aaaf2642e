import {
  cell,
  decode,
  isBlank,
  parseAmount,
  parseDmy,
  padBankCode,
  readCsv,
  StatementParseError,
  n,
  s,
} from './common.js';
import { emptyLine, type ParsedStatement, type StatementLine } from './types.js';

/**
 * Fio banka, type `account` (jobs.md §6.2): UTF-8 with BOM, `;`, quoted. A key/value preamble
 * (`accountId`, `bankId`, `dateStart`, `dateEnd`, …), a blank line, the header row (`ID operace`)
 * and 19 positional columns.
 */
export function parseFio(buf: Buffer): ParsedStatement {
  const rows = readCsv(decode(buf, 'utf-8', 'Fio'), ';');
  const header = rows.findIndex((r) => r.cells[0]?.trim() === 'ID operace');
  if (header < 0)
    throw new StatementParseError(null, 'no header row starting with "ID operace" (is this a Fio statement?)');
  const meta = new Map<string, string>();
  for (const r of rows.slice(0, header)) if (r.cells.length >= 2) meta.set(r.cells[0]!.trim(), r.cells[1]!.trim());
  const accountId = meta.get('accountId');
  const bankId = meta.get('bankId');
  const dateLine = (key: string) => {
    const raw = meta.get(key);
    const row = rows.find((r) => r.cells[0]?.trim() === key);
    return raw ? parseDmy(raw, row?.line ?? 0) : null;
  };
  const lines: StatementLine[] = [];
  let skipped = 0;
  for (const row of rows.slice(header + 1)) {
    if (isBlank(row)) continue;
    const amount = parseAmount(cell(row, 2), row.line);
    if (amount < 0) {
      skipped += 1;
      continue;
    }
    lines.push({
      ...emptyLine(row.line, parseDmy(cell(row, 1), row.line), amount),
      operationId: n(cell(row, 0)),
      currency: n(cell(row, 3)),
      account: s(cell(row, 4)),
      accountName: s(cell(row, 5)),
      bankCode: padBankCode(cell(row, 6)),
      bankName: s(cell(row, 7)),
      ks: s(cell(row, 8)),
      vs: n(cell(row, 9)),
      ss: s(cell(row, 10)),
      userIdentification: s(cell(row, 11)),
      recipientMessage: n(cell(row, 12)),
      transferType: n(cell(row, 13)),
      doneBy: s(cell(row, 14)),
      specification: n(cell(row, 15)),
      transferNote: n(cell(row, 16)),
      bic: n(cell(row, 17)),
      orderId: n(cell(row, 18)),
    });
  }
  return {
    type: 'account',
    recipientAccounts: accountId ? [bankId ? `${accountId}/${bankId}` : accountId] : [],
    requireRecipientAccount: true,
    dateFrom: dateLine('dateStart'),
    dateTo: dateLine('dateEnd'),
    lines,
    skipped,
  };
}

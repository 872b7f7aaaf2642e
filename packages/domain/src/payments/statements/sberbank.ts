import {
  cell,
  requireColumns,
  decode,
  isBlank,
  parseAmount,
  parseDmy,
  padBankCode,
  readCsv,
  stripZeros,
  n,
  s,
} from './common.js';
import { emptyLine, type ParsedStatement, type StatementLine } from './types.js';

/**
 * Sberbank, type `account_sberbank` (jobs.md §6.6): cp1250, TAB, no preamble, no header, 13
 * positional columns; only `Příchozí platba` lines are imported. Counter-account and the
 * `"VS,KS,SS"` symbols lose their leading zeros (`0` becomes empty).
 */
export function parseSberbank(buf: Buffer): ParsedStatement {
  const rows = readCsv(decode(buf, 'windows-1250', 'Sberbank'), '\t');
  const owners: string[] = [];
  const lines: StatementLine[] = [];
  let skipped = 0;
  for (const row of rows) {
    if (isBlank(row)) continue;
    requireColumns(row, 13);
    const owner = s(cell(row, 0)).trim();
    const own = owner.includes(' ') ? owner.slice(owner.lastIndexOf(' ') + 1) : owner;
    if (own && !owners.includes(own)) owners.push(own);
    if (s(cell(row, 5)).trim() !== 'Příchozí platba') {
      skipped += 1;
      continue;
    }
    const amount = parseAmount(cell(row, 6), row.line);
    if (amount < 0) {
      skipped += 1;
      continue;
    }
    const [vs, ks, ss] = s(cell(row, 11)).split(',');
    lines.push({
      ...emptyLine(row.line, parseDmy(cell(row, 3), row.line), amount),
      transferType: n(cell(row, 2)),
      currency: n(cell(row, 7)),
      account: stripZeros(cell(row, 8)),
      bankCode: padBankCode(cell(row, 9)),
      accountName: s(cell(row, 10)),
      vs: stripZeros(vs),
      ks: stripZeros(ks),
      ss: stripZeros(ss),
      recipientMessage: n(cell(row, 12)),
    });
  }
  return {
    type: 'account_sberbank',
    recipientAccounts: owners,
    requireRecipientAccount: false,
    dateFrom: null,
    dateTo: null,
    lines,
    skipped,
  };
}

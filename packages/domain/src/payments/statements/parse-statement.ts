import type { BankStatementType } from '@klub/contracts';
import { parseCeskaSporitelna } from './ceska-sporitelna.js';
import { parseCsob } from './csob.js';
import { parseFio } from './fio.js';
import { parseKomercniBanka, readKomercniBanka } from './komercni-banka.js';
import { parseRaiffeisenbank } from './raiffeisenbank.js';
import { parseSberbank } from './sberbank.js';
import { readerOf, type ParsedStatement, type StatementReader } from './types.js';

const PARSERS: Record<BankStatementType, (buf: Buffer) => ParsedStatement> = {
  account: parseFio,
  account_cs: parseCeskaSporitelna,
  account_kb: parseKomercniBanka,
  account_csob: parseCsob,
  account_sberbank: parseSberbank,
  account_raiffeisenbank: parseRaiffeisenbank,
};

/** Parses a bank statement file of `type` (jobs.md §6); throws StatementParseError naming the line. */
export function parseStatement(type: BankStatementType, file: Buffer): ParsedStatement {
  return PARSERS[type](file);
}

/**
 * Opens a bank statement file of `type` for reading as it is imported: Komerční banka is parsed a
 * slice at a time as lines are asked for; the other formats are parsed whole here.
 */
export function readStatement(type: BankStatementType, file: Buffer): StatementReader {
  return type === 'account_kb' ? readKomercniBanka(file) : readerOf(PARSERS[type](file));
}

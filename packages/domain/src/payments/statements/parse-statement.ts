import { parseCeskaSporitelna } from './ceska-sporitelna.js';
import { parseCsob } from './csob.js';
import { parseFio } from './fio.js';
import { parseKomercniBanka } from './komercni-banka.js';
import { parseRaiffeisenbank } from './raiffeisenbank.js';
import { parseSberbank } from './sberbank.js';
import type { BankStatementType, ParsedStatement } from './types.js';

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

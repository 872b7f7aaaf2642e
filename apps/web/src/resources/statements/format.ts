import type { RouterInputs } from '@klub/api/router';

type StatementType = NonNullable<RouterInputs['admin']['accountStatements']['create']['type']>;

/** The formats the import reads (jobs.md §6), in the API's words. */
export const STATEMENT_TYPES = [
  'account',
  'account_cs',
  'account_kb',
  'account_csob',
  'account_sberbank',
  'account_raiffeisenbank',
] as const satisfies readonly StatementType[];

/**
 * The bank of a statement from its first bytes, each bank's export has a recognisable head
 * (the fixtures under /work/shared/fixtures); null lets the user choose.
 */
export function detectStatementType(name: string, head: string): (typeof STATEMENT_TYPES)[number] | null {
  const text = head.replace(/^\uFEFF/, '');
  if (text.startsWith('"accountId"')) return 'account';
  if (text.startsWith('"Předčíslí"')) return 'account_cs';
  if (text.startsWith('MojeBanka')) return 'account_kb';
  if (text.includes('CEB Export')) return 'account_csob';
  if (text.startsWith('Datum provedení;')) return 'account_raiffeisenbank';
  if (/\.txt$/i.test(name) && /\t(CZK|EUR)\t/.test(text)) return 'account_sberbank';
  return null;
}

/** Lines the import skipped as already imported: the note it writes first in the pair log. */
export function duplicatesOf(pairLog: string): number {
  return Number(/^(\d+) řádků už bylo importováno/m.exec(pairLog)?.[1] ?? 0);
}

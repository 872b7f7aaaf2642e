/**
 * A Czech account number reduced to what identifies it: prefix and number without leading zeros
 * and spaces, the bank code padded to 4 digits (`000000-0099999999/300` → `99999999/0300`).
 * Anything that does not look like an account number is returned trimmed, unchanged.
 */
export function normalizeAccountNumber(raw: string): { account: string; bankCode: string | null } {
  const s = raw.replace(/\s+/g, ' ').trim();
  const m = /^(?:(\d+)[- ])?(\d+)(?:\/(\d+))?$/.exec(s);
  if (!m) return { account: s, bankCode: null };
  const prefix = (m[1] ?? '').replace(/^0+/, '');
  const number = m[2]!.replace(/^0+/, '') || '0';
  return { account: prefix ? `${prefix}-${number}` : number, bankCode: m[3] ? m[3].padStart(4, '0') : null };
}

export function formatAccountNumber(n: { account: string; bankCode: string | null }): string {
  return n.bankCode ? `${n.account}/${n.bankCode}` : n.account;
}

/**
 * Whether a money account's number is the account a statement names (jobs.md §6.1, our
 * decision): same normalized account, and the same bank code when the statement gives one.
 */
export function sameAccount(statementAccount: string, moneyAccountNumber: string): boolean {
  const a = normalizeAccountNumber(statementAccount);
  const b = normalizeAccountNumber(moneyAccountNumber);
  return a.account === b.account && (a.bankCode === null || a.bankCode === b.bankCode);
}

import type { EntityManager } from '@mikro-orm/postgresql';
import { execute } from '../sql.js';
import { checkPayments } from './payment-check.js';
import { pairingLogSql, pairStatementPayments } from './pair-payments.js';

export interface RepairResult {
  /** Payments that were unpaired before the run. */
  considered: number;
  /** Of those, paired by this run. */
  paired: number;
}

/**
 * Re-runs the pairing of one imported statement (the original's admin action "pair payments
 * with users"), after staff added the channels or bank accounts that were missing: the
 * still-unpaired payments pair by the rule of jobs.md §5.1, the statement's paired count and
 * pair log are rewritten to match, and the paired channels' totals and lateness are recomputed,
 * all in one transaction so the statement never shows counts its payments disagree with.
 */
export async function repairStatement(em: EntityManager, accountStatementId: number): Promise<RepairResult> {
  return em.transactional(async (tx) => {
    const result = await pairStatementPayments(tx, accountStatementId);
    // The pairing tables of pairStatementPayments are still there (they drop at commit).
    const log = pairingLogSql(accountStatementId);
    await execute(
      tx,
      `update account_statement
          set payments_paired = (select count(user_donor_payment_channel_id) from payment where account_statement_id = ?),
              -- Notes of the import itself (skipped duplicates: lines not starting with a space) stay.
              pair_log = (select coalesce(string_agg(line || E'\\n', '' order by n), '')
                            from regexp_split_to_table(pair_log, E'\\n') with ordinality as t(line, n)
                           where line <> '' and line not like ' %')
                         || coalesce(${log.sql}, '')
        where id = ?`,
      [accountStatementId, ...log.params, accountStatementId],
    );
    if (result.paired > 0) await checkPayments(tx, { scope: { kind: 'statement', accountStatementId } });
    return { considered: result.considered, paired: result.paired };
  });
}

/**
 * The statements' payment counts after payments were paired, unpaired or deleted by hand, so a
 * statement's "paired" figure always matches its payments (the pair log keeps the import's view).
 */
export async function recountStatements(em: EntityManager, statementIds: number[]): Promise<void> {
  if (statementIds.length === 0) return;
  await execute(
    em,
    `update account_statement s
        set (payments_total, payments_paired) =
            (select count(*), count(user_donor_payment_channel_id) from payment where account_statement_id = s.id)
      where s.id in (?)`,
    [statementIds],
  );
}

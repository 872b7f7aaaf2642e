import type { EntityManager } from '@mikro-orm/postgresql';
import { execute } from '../sql.js';

/** The reasons logged for an unpaired payment, in the production (Czech) wording of jobs.md §5.1. */
export const PAIR_LOG = {
  noBankAccount: 'Platební kanál s tímto uživatelským bankovním účtem neexistuje // ',
  multipleBankAccount: 'Vícero platebních kanálu s tímto uživatelským bankovním účtem // ',
  noVs: 'Platební kanál s tímto VS neexistuje',
  multipleVs: 'Vícero platebních kanálu s tímto VS',
  vsNotSet: 'VS neni zadán',
} as const;

export interface PairResult {
  /** Payments of the statement considered (those still unpaired). */
  considered: number;
  paired: number;
  /** One line per unpaired payment: ` <account name>  => <reasons>\n`. */
  log: string;
}

/**
 * Pairs the still-unpaired payments of one account statement to donor payment channels of the
 * statement's administrative unit, in one statement (jobs.md §5.1):
 * 1. by the sender's bank account (`user_bank_account.bank_account_number = account/bank_code`),
 *    when exactly one channel of the unit has it;
 * 2. else by variable symbol, when exactly one channel of the unit has it. Our decision (the
 *    recommended improvement of §5.1): leading zeros are ignored on both sides, so `0120127010`
 *    pairs with `120127010`; the stored VS keeps its zeros.
 * A statement without a unit pairs nothing. Amounts are never compared.
 */
export async function pairStatementPayments(em: EntityManager, accountStatementId: number): Promise<PairResult> {
  const [row] = await execute<Array<{ considered: string; paired: string; log: string | null }>>(
    em,
    `with st as (
       select administrative_unit_id as unit_id from account_statement where id = ?
     ), p as (
       select id, account, bank_code, vs, account_name from payment
        where account_statement_id = ? and user_donor_payment_channel_id is null
     ), by_bank as (
       select p.id, count(distinct c.id) as n, min(c.id) as channel
         from p
         join user_bank_account u on u.bank_account_number = p.account || '/' || p.bank_code
         join donor_payment_channel c on c.user_bank_account_id = u.id
         join st on c.administrative_unit_id = st.unit_id
        group by p.id
     ), by_vs as (
       select p.id, count(*) as n, min(c.id) as channel
         from p
         join st on true
         join donor_payment_channel c
           on c.administrative_unit_id = st.unit_id and ltrim(c.vs, '0') = ltrim(p.vs, '0')
        where ltrim(p.vs, '0') <> ''
        group by p.id
     ), decided as (
       select p.id, p.account_name, p.vs, coalesce(b.n, 0) as bank_n, coalesce(v.n, 0) as vs_n,
              case when b.n = 1 then b.channel when v.n = 1 then v.channel end as channel
         from p
         left join by_bank b on b.id = p.id
         left join by_vs v on v.id = p.id
     ), upd as (
       update payment set user_donor_payment_channel_id = d.channel
         from decided d
        where payment.id = d.id and d.channel is not null
        returning payment.id
     )
     select (select count(*) from decided) as considered,
            (select count(*) from upd) as paired,
            string_agg(
              ' ' || d.account_name || '  => '
              || case when d.bank_n = 0 then ? else ? end
              || case when d.vs = '' then ? when d.vs_n > 1 then ? else ? end
              || E'\\n', '' order by d.id) as log
       from decided d
      where d.channel is null`,
    [
      accountStatementId,
      accountStatementId,
      PAIR_LOG.noBankAccount,
      PAIR_LOG.multipleBankAccount,
      PAIR_LOG.vsNotSet,
      PAIR_LOG.multipleVs,
      PAIR_LOG.noVs,
    ],
  );
  return { considered: Number(row?.considered ?? 0), paired: Number(row?.paired ?? 0), log: row?.log ?? '' };
}

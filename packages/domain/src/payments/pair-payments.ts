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
 * The pairing rule of jobs.md §5.1, as lookup tables of the unit's donor channels, built once per
 * transaction (temporary tables, dropped at commit):
 * - `pair_bank(k, n, channel)`: channels per donor bank account number (`account/bank_code`);
 * - `pair_vs(k, n, channel)`: channels per variable symbol. Our decision (the recommended
 *   improvement of §5.1): leading zeros are ignored on both sides, so `0120127010` pairs with
 *   `120127010`; the stored VS keeps its zeros.
 * A payment pairs to the single channel of its bank account, else to the single channel of its
 * VS; the amount is never compared. A unit of `null` pairs nothing.
 */
export async function preparePairing(em: EntityManager, unitId: number | null): Promise<void> {
  if (!em.isInTransaction()) throw new Error('preparePairing must run inside a transaction');
  if (unitId !== null && !Number.isInteger(unitId)) throw new Error(`not a unit id: ${unitId}`);
  // One round trip, so the statement import can send it before parsing its file and PostgreSQL
  // builds the tables meanwhile; a multi-statement query takes no bind parameters, hence the
  // (integer) unit inlined.
  const unit = unitId === null ? 'null' : String(unitId);
  await em.getConnection().execute(
    `drop table if exists pg_temp.pair_bank, pg_temp.pair_vs;
     create temp table pair_bank on commit drop as
     select u.bank_account_number as k, count(distinct c.id)::int as n, min(c.id) as channel
       from user_bank_account u join donor_payment_channel c on c.user_bank_account_id = u.id
      where c.administrative_unit_id = ${unit} group by 1;
     create temp table pair_vs on commit drop as
     select ltrim(vs, '0') as k, count(*)::int as n, min(id) as channel
       from donor_payment_channel where administrative_unit_id = ${unit} and ltrim(vs, '0') <> '' group by 1;
     create unique index on pg_temp.pair_bank (k);
     create unique index on pg_temp.pair_vs (k);
     analyze pg_temp.pair_bank;
     analyze pg_temp.pair_vs;`,
    [],
    'run',
    em.getTransactionContext(),
  );
}

/** Joins for a row alias `x` with `account`, `bank_code` and `vs` (after preparePairing). */
export const PAIRING_JOINS = (x: string) =>
  `left join pg_temp.pair_bank pb on pb.k = ${x}.account || '/' || ${x}.bank_code
   left join pg_temp.pair_vs pv on pv.k = ltrim(${x}.vs, '0')`;

/** The channel a row pairs to (NULL = unpaired), given PAIRING_JOINS. */
export const PAIRED_CHANNEL = 'case when pb.n = 1 then pb.channel when pv.n = 1 then pv.channel end';

/**
 * The statement's pair log as one SQL expression (after preparePairing): one line per unpaired
 * payment with its reasons, NULL when there is none. The parameters follow the SQL's order.
 */
export function pairingLogSql(accountStatementId: number): { sql: string; params: unknown[] } {
  return {
    sql: `(select string_agg(
              ' ' || p.account_name || '  => '
              || case when coalesce(pb.n, 0) = 0 then ? else ? end
              || case when p.vs = '' then ? when pv.n > 1 then ? else ? end
              || E'\\n', '' order by p.id)
       from payment p ${PAIRING_JOINS('p')}
      where p.account_statement_id = ? and p.user_donor_payment_channel_id is null)`,
    params: [
      PAIR_LOG.noBankAccount,
      PAIR_LOG.multipleBankAccount,
      PAIR_LOG.vsNotSet,
      PAIR_LOG.multipleVs,
      PAIR_LOG.noVs,
      accountStatementId,
    ],
  };
}

/** The statement's pair log: one line per unpaired payment with its reasons (after preparePairing). */
export async function pairingLog(em: EntityManager, accountStatementId: number): Promise<string> {
  const { sql, params } = pairingLogSql(accountStatementId);
  const [row] = await execute<Array<{ log: string | null }>>(em, `select ${sql} as log`, params);
  return row?.log ?? '';
}

/**
 * Pairs the still-unpaired payments of one account statement to the donor channels of the
 * statement's administrative unit (jobs.md §5.1; the admin action "pair payments with users").
 * The statement import pairs while inserting, with the same lookup tables.
 */
export async function pairStatementPayments(em: EntityManager, accountStatementId: number): Promise<PairResult> {
  if (!em.isInTransaction()) return em.transactional((tx) => pairStatementPayments(tx, accountStatementId));
  const [statement] = await execute<Array<{ unit: number | null }>>(
    em,
    'select administrative_unit_id as unit from account_statement where id = ?',
    [accountStatementId],
  );
  await preparePairing(em, statement?.unit ?? null);
  const [row] = await execute<Array<{ considered: string; paired: string }>>(
    em,
    `with d as (
       select p.id, ${PAIRED_CHANNEL} as channel
         from payment p ${PAIRING_JOINS('p')}
        where p.account_statement_id = ? and p.user_donor_payment_channel_id is null
     ), upd as (
       update payment set user_donor_payment_channel_id = d.channel from d
        where payment.id = d.id and d.channel is not null returning payment.id
     )
     select (select count(*) from d) as considered, (select count(*) from upd) as paired`,
    [accountStatementId],
  );
  return {
    considered: Number(row?.considered ?? 0),
    paired: Number(row?.paired ?? 0),
    log: await pairingLog(em, accountStatementId),
  };
}

import type { EntityManager } from '@mikro-orm/postgresql';
import { execute } from '../sql.js';

export interface UnitYear {
  administrativeUnitId: number;
  year: number;
}

export interface TaxAmountsResult {
  /** Donors who got their first confirmation of this unit and year. */
  created: number;
  /** Confirmations whose amount or summed payments changed. */
  changed: number;
  /** Confirmations left without a counted payment (amount set to 0; their file is withdrawn). */
  cleared: number;
}

/**
 * Per donor of a unit and year (params: unit, year, year, then the filter's): the sum of the
 * year's payments that are not `expected`, on the donor's channels whose money account belongs
 * to the unit, and the payments summed. `and c.user_id = ?` narrows it to one donor (a preview).
 */
export function donorSumsSql(donorFilter: string): string {
  return `select c.user_id as profile_id, sum(p.amount)::int as amount, array_agg(p.id order by p.id) as payment_ids
         from payment p
         join donor_payment_channel c on c.id = p.user_donor_payment_channel_id
         join money_account m on m.id = c.money_account_id
        where m.administrative_unit_id = ?
          and p.type <> 'expected'
          and p.date >= make_date(?, 1, 1) and p.date < make_date(? + 1, 1, 1)
          ${donorFilter}
        group by c.user_id
       having sum(p.amount) > 0`;
}

/**
 * The amount rule of jobs.md §3 T2, for every donor of a unit and year in one statement: the sum
 * of the year's payments that are not `expected`, on the donor's channels whose money account
 * belongs to the unit. A donor with nothing to confirm gets no confirmation (a 0 Kč one helps
 * nobody, where the original made one for any donor with a payment anywhere). Rows whose amount
 * and payments are unchanged are not touched, so regenerating a year after one late-booked payment
 * changes that one donor's row; one whose payments are gone is set to 0 rather than deleted, as its
 * earlier file may have been handed out.
 */
export async function computeTaxConfirmationAmounts(em: EntityManager, { administrativeUnitId, year }: UnitYear): Promise<TaxAmountsResult> {
  const [row] = await execute<Array<TaxAmountsResult>>(
    em,
    `with sums as (${donorSumsSql('')}
     ), upserted as (
       insert into tax_confirmation (profile_id, administrative_unit_id, year, amount, payment_ids)
       select s.profile_id, ?, ?, s.amount, s.payment_ids from sums s
       on conflict (profile_id, administrative_unit_id, year) do update
          set amount = excluded.amount, payment_ids = excluded.payment_ids
        where (tax_confirmation.amount, tax_confirmation.payment_ids)
              is distinct from (excluded.amount, excluded.payment_ids)
       returning (xmax = 0) as inserted
     ), cleared as (
       update tax_confirmation t set amount = 0, payment_ids = '{}'
        where t.administrative_unit_id = ? and t.year = ? and t.amount > 0
          and not exists (select 1 from sums s where s.profile_id = t.profile_id)
       returning t.id
     )
     select (select count(*) from upserted where inserted)::int as created,
            (select count(*) from upserted where not inserted)::int as changed,
            (select count(*) from cleared)::int as cleared`,
    [administrativeUnitId, year, year, administrativeUnitId, year, administrativeUnitId, year],
  );
  return row!;
}

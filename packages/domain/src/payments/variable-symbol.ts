import type { EntityManager } from '@mikro-orm/postgresql';
import { ValidationError } from '../errors.js';
import { execute } from '../sql.js';

/**
 * Serialise VS generation per administrative unit for the rest of the caller's transaction,
 * so two concurrent registrations never compute the same VS. Must run inside `em.transactional`.
 * Exported for the bulk import, which generates many VS of a unit in one statement.
 */
export async function lockUnitVariableSymbols(em: EntityManager, unitId: number): Promise<void> {
  if (!em.isInTransaction()) throw new Error('generateVariableSymbol must run inside a transaction');
  await execute(em, `select pg_advisory_xact_lock(hashtext('klub.vs'), ?)`, [unitId]);
}

/**
 * The next free variable symbol of a unit (domain.md §3.3.1, api.md §12.2).
 * Without a prefix: the highest zero-led VS + 1, padded to 10 digits ("0000000001" first).
 * With a 5-digit prefix P: P00001 first, then the lowest free successor of an existing P… VS.
 * Each is one indexed statement on (administrative_unit_id, vs).
 */
export async function generateVariableSymbol(
  em: EntityManager,
  unitId: number,
  prefix: number | null | undefined,
): Promise<string> {
  await lockUnitVariableSymbols(em, unitId);
  if (prefix === null || prefix === undefined) {
    const [row] = await execute<Array<{ vs: string }>>(
      em,
      `select lpad((c.vs::numeric + 1)::text, 10, '0') as vs
         from donor_payment_channel c
        where c.administrative_unit_id = ? and c.vs like '0%' and c.vs ~ '^[0-9]+$'
          and not exists (select 1 from donor_payment_channel d
                           where d.administrative_unit_id = c.administrative_unit_id
                             and d.vs = lpad((c.vs::numeric + 1)::text, 10, '0'))
        order by c.vs desc limit 1`,
      [unitId],
    );
    return row?.vs ?? '0000000001';
  }
  const p = String(prefix);
  const [existing] = await execute<Array<{ n: string }>>(
    em,
    `select count(*) as n from donor_payment_channel where administrative_unit_id = ? and vs like ?`,
    [unitId, `${p}%`],
  );
  if (Number(existing?.n ?? 0) === 0) return `${p}00001`;
  const [row] = await execute<Array<{ vs: string }>>(
    em,
    `select (c.vs::numeric + 1)::text as vs
       from donor_payment_channel c
      where c.administrative_unit_id = ? and c.vs like ? and c.vs ~ '^[0-9]+$'
        and not exists (select 1 from donor_payment_channel d
                         where d.administrative_unit_id = c.administrative_unit_id
                           and d.vs = (c.vs::numeric + 1)::text)
      order by c.vs asc limit 1`,
    [unitId, `${p}%`],
  );
  if (!row) throw ValidationError.nonField('OUT OF VS');
  return row.vs;
}

import type { EntityManager } from '@mikro-orm/postgresql';
import { execute } from '../sql.js';

/**
 * Merging one row into another of the same table, driven by the database's own foreign keys
 * (pg_constraint), so a table added later that refers to the merged table is covered without
 * a change here. Every referencing row moves from the loser to the survivor; where a unique
 * index that includes the referencing column would then hold the same key twice, the loser's
 * row is united with the survivor's first:
 * - a partial unique index on a boolean flag (`… where is_primary`): the loser's row stays but
 *   loses the flag (the survivor keeps its primary e-mail / phone / contact);
 * - otherwise the loser's row is merged into the survivor's row the same way (recursively: a
 *   payment channel for the same event takes its payments along) and then deleted; a row of a
 *   table without a one-column primary key (a link table) is simply deleted.
 * Run it inside the caller's transaction.
 */

export interface MergedReference {
  table: string;
  column: string;
  moved: number;
  united: number;
}

interface ForeignKey {
  table: string;
  column: string;
}

interface UniqueIndex {
  columns: string[];
  predicate: string | null;
  /** True when some key part is an expression: not handled, the update then fails loudly. */
  hasExpressions: boolean;
}

/** Every single-column foreign key that refers to `table`, as quoted identifiers. */
export async function foreignKeysTo(em: EntityManager, table: string): Promise<ForeignKey[]> {
  const rows = await execute<Array<ForeignKey & { columns: number }>>(
    em,
    `select c.conrelid::regclass::text as "table", quote_ident(a.attname) as "column", array_length(c.conkey, 1) as columns
       from pg_constraint c
       join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
      where c.contype = 'f' and c.confrelid = ?::regclass
      order by 1, 2`,
    [table],
  );
  const composite = rows.find((r) => Number(r.columns) !== 1);
  if (composite) throw new Error(`${composite.table} refers to ${table} with a composite key, which merging does not handle`);
  return rows.map(({ table: t, column }) => ({ table: t, column }));
}

async function uniqueIndexesWith(em: EntityManager, fk: ForeignKey): Promise<UniqueIndex[]> {
  const rows = await execute<Array<{ columns: string[]; predicate: string | null; has_expressions: boolean }>>(
    em,
    `select array(select quote_ident(a.attname) from unnest(i.indkey) k join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k
                   where k <> 0) as columns,
            pg_get_expr(i.indpred, i.indrelid) as predicate,
            i.indexprs is not null as has_expressions
       from pg_index i
      where i.indisunique and i.indrelid = ?::regclass
      order by i.indexrelid`,
    [fk.table],
  );
  return rows
    .filter((r) => r.columns.includes(fk.column))
    .map((r) => ({ columns: r.columns, predicate: r.predicate, hasExpressions: r.has_expressions }));
}

async function primaryKeyOf(em: EntityManager, table: string): Promise<string | null> {
  const rows = await execute<Array<{ column: string }>>(
    em,
    `select quote_ident(a.attname) as "column"
       from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = i.indkey[0]
      where i.indisprimary and i.indrelid = ?::regclass and i.indnatts = 1`,
    [table],
  );
  return rows[0]?.column ?? null;
}

async function isNullable(em: EntityManager, table: string, column: string): Promise<boolean> {
  const rows = await execute<Array<{ nullable: boolean }>>(
    em,
    `select not a.attnotnull as nullable from pg_attribute a where a.attrelid = ?::regclass and quote_ident(a.attname) = ?`,
    [table, column],
  );
  return rows[0]?.nullable ?? false;
}

/** A predicate that is one boolean column (`is_primary`, possibly quoted). */
const FLAG = /^(?:[a-z_][a-z0-9_]*|"(?:[^"]|"")+")$/;

/**
 * Rows of `fk.table` of the loser that collide under `index` with a row of the survivor: pairs
 * of (loser row, survivor row) by primary key, or by ctid when the table has none.
 */
async function collisions(
  em: EntityManager,
  fk: ForeignKey,
  index: UniqueIndex,
  key: string,
  loserId: number | string,
  survivorId: number | string,
): Promise<Array<{ loser: string; survivor: string }>> {
  const where = index.predicate ? ` and (${index.predicate})` : '';
  const others = index.columns.filter((c) => c !== fk.column);
  const on = others.length ? others.map((c) => `l.${c} = s.${c}`).join(' and ') : 'true';
  // ctid is a system column, which `*` leaves out.
  const columns = key === 'ctid' ? 'ctid, *' : '*';
  // The predicate names bare columns, so it is applied inside each side's own subquery.
  return execute(
    em,
    `select l.${key}::text as loser, s.${key}::text as survivor
       from (select ${columns} from ${fk.table} where ${fk.column} = ?${where}) l
       join (select ${columns} from ${fk.table} where ${fk.column} = ?${where}) s on ${on}`,
    [loserId, survivorId],
  );
}

/**
 * Merge row `loserId` of `table` into row `survivorId`: every reference moves, collisions are
 * united as described above, then the loser row is deleted. Returns what happened per
 * foreign key (of this table only; the nested merges are part of "united").
 */
export async function mergeRowInto(
  em: EntityManager,
  table: string,
  loserId: number | string,
  survivorId: number | string,
  primaryKey = 'id',
): Promise<MergedReference[]> {
  const report: MergedReference[] = [];
  for (const fk of await foreignKeysTo(em, table)) {
    const pk = await primaryKeyOf(em, fk.table);
    let united = 0;
    for (const index of await uniqueIndexesWith(em, fk)) {
      if (index.hasExpressions) continue;
      const key = pk ?? 'ctid';
      const pairs = await collisions(em, fk, index, key, loserId, survivorId);
      if (pairs.length === 0) continue;
      const loserRows = [...new Set(pairs.map((p) => p.loser))];
      if (index.predicate && FLAG.test(index.predicate.trim())) {
        const flag = index.predicate.trim();
        const off = (await isNullable(em, fk.table, flag)) ? 'null' : 'false';
        await execute(em, `update ${fk.table} set ${flag} = ${off} where ${key}::text in (?)`, [loserRows]);
      } else if (pk) {
        for (const pair of pairs) await mergeRowInto(em, fk.table, pair.loser, pair.survivor, pk);
      } else {
        await execute(em, `delete from ${fk.table} where ${fk.column} = ? and ctid::text in (?)`, [loserId, loserRows]);
      }
      united += loserRows.length;
    }
    const moved = await execute<{ affectedRows?: number; rowCount?: number } | unknown[]>(
      em,
      `update ${fk.table} set ${fk.column} = ? where ${fk.column} = ? returning 1`,
      [survivorId, loserId],
    );
    report.push({ table: fk.table, column: fk.column, moved: Array.isArray(moved) ? moved.length : 0, united });
  }
  await execute(em, `delete from ${table} where ${primaryKey} = ?`, [loserId]);
  return report;
}

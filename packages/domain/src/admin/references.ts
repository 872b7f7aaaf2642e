import type { EntityManager } from '@mikro-orm/postgresql';
import { Conflict } from '../errors.js';
import { execute } from '../sql.js';

/**
 * What still refers to a row, read from the database's own foreign keys, so a new table or
 * relation is covered without a list to keep up to date. A reference blocks a delete unless
 * the database clears it (ON DELETE SET NULL) or the row is an owned detail that goes with its
 * owner (a profile's e-mail addresses, an event's team rows). Everything else, including
 * ON DELETE CASCADE of other tables, answers 409 instead of silently taking data along.
 */

export interface ReferenceCount {
  /** Admin resource (or table) holding the references. */
  resource: string;
  /** Its field that refers to the object. */
  field: string;
  count: number;
}

interface IncomingKey {
  table: string;
  column: string;
  /** pg_constraint.confdeltype: a no action, r restrict, c cascade, n set null, d set default. */
  on_delete: 'a' | 'r' | 'c' | 'n' | 'd';
}

/** Tables whose rows are the admin resources, for naming who refers. */
const TABLE_RESOURCE: Readonly<Record<string, string>> = {
  administrative_unit: 'administrative-units',
  profile: 'profiles',
  money_account: 'money-accounts',
  donor_payment_channel: 'donor-payment-channels',
  payment: 'payments',
  event: 'events',
  event_type: 'event-types',
  location: 'locations',
  organization_position: 'organization-positions',
  organization_team: 'organization-team',
  interaction_category: 'interaction-categories',
  interaction_type: 'interaction-types',
  interaction: 'interactions',
  oauth_application: 'oauth-applications',
  pdf_storage: 'pdf-storage',
  account_statement: 'account-statements',
  audit_log: 'audit-log',
};

/** Many-to-many tables: the owning resource and its list field. */
const PIVOT_FIELD: Readonly<Record<string, { resource: string; field: string }>> = {
  event_administrative_units: { resource: 'events', field: 'administrative_units' },
  profile_administrative_units: { resource: 'profiles', field: 'administrative_units' },
  profile_administrated_units: { resource: 'profiles', field: 'administrated_units' },
};

const keysCache = new Map<string, IncomingKey[]>();

async function incomingKeys(em: EntityManager, table: string): Promise<IncomingKey[]> {
  const cached = keysCache.get(table);
  if (cached) return cached;
  const keys = await execute<IncomingKey[]>(
    em,
    `select cl.relname as "table", a.attname as "column", c.confdeltype as on_delete
       from pg_constraint c
       join pg_class cl on cl.oid = c.conrelid
       join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
      where c.contype = 'f' and c.confrelid = ?::regclass
      order by cl.relname, a.attname`,
    [table],
  );
  keysCache.set(table, keys);
  return keys;
}

function describe(key: IncomingKey): { resource: string; field: string } {
  const pivot = PIVOT_FIELD[key.table];
  if (pivot) return pivot;
  return {
    resource: TABLE_RESOURCE[key.table] ?? key.table.replace(/_/g, '-'),
    field: key.column.replace(/_id$/, ''),
  };
}

/**
 * The references that keep row `id` of `table` from being deleted, counted in one statement.
 * `owns` lists the tables whose referring rows are deleted with the object.
 */
export async function blockingReferences(
  em: EntityManager,
  table: string,
  id: number,
  owns: readonly string[] = [],
): Promise<ReferenceCount[]> {
  const keys = (await incomingKeys(em, table)).filter(
    (k) => k.on_delete === 'a' || k.on_delete === 'r' || (k.on_delete === 'c' && !owns.includes(k.table)),
  );
  if (keys.length === 0) return [];
  // Identifiers come from pg_catalog, not from input.
  const sql = keys
    .map((k, i) => `select ${i} as i, (select count(*) from "${k.table}" where "${k.column}" = ?)::int as n`)
    .join(' union all ');
  const counts = await execute<Array<{ i: number; n: number }>>(em, sql, keys.map(() => id));
  return counts
    .filter((c) => c.n > 0)
    .sort((x, y) => x.i - y.i)
    .map((c) => ({ ...describe(keys[c.i]!), count: c.n }));
}

/** The 409 of a delete that something still refers to. */
export function referencedConflict(label: string, references: ReferenceCount[]): Conflict {
  const list = references.map((r) => `${r.count} ${r.resource} (${r.field})`).join(', ');
  return new Conflict(`Cannot delete this ${label}: it is still referenced by ${list}.`, { referenced_by: references });
}

/** Throws the 409 when anything blocks deleting row `id` of `table`. */
export async function ensureDeletable(
  em: EntityManager,
  table: string,
  id: number,
  label: string,
  owns: readonly string[] = [],
): Promise<void> {
  const refs = await blockingReferences(em, table, id, owns);
  if (refs.length) throw referencedConflict(label, refs);
}

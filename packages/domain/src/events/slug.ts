import type { EntityManager } from '@mikro-orm/postgresql';
import slugify from 'slugify';
import { execute } from '../sql.js';

/**
 * domain.md §8 slug rules: transliterate to ASCII, lower-case, keep letters, digits, `_` and
 * `-`, whitespace and hyphen runs become one `-`, no leading/trailing `-`/`_`, at most
 * `maxLength` characters (`Zažít město jinak` → `zazit-mesto-jinak`).
 */
export function slugText(text: string, maxLength = 100): string {
  const slug = slugify(text, { lower: true, remove: /[^\w\s-]/g, trim: true });
  return trimEdges(trimEdges(slug).slice(0, maxLength));
}

const trimEdges = (s: string) => s.replace(/^[-_]+|[-_]+$/g, '');

/** Tables whose `slug` column is unique and generated from a name. */
export type SlugTable = 'event' | 'event_type' | 'interaction_type' | 'administrative_unit' | 'interaction_category';

// One lock key per table: two transactions choosing a slug for the same table wait for each other.
const LOCK_KEYS: Record<SlugTable, number> = {
  event: 7_361_501,
  event_type: 7_361_502,
  interaction_type: 7_361_503,
  administrative_unit: 7_361_504,
  interaction_category: 7_361_505,
};

/**
 * A slug for a new row of `table`: `slugText(source)` when free, else with `-2`, `-3`, … (the
 * base shortened so the whole stays within `maxLength`). Runs inside the caller's transaction
 * and holds a per-table advisory lock until it ends, so concurrent creations never collide.
 */
export async function uniqueSlug(em: EntityManager, table: SlugTable, source: string, maxLength = 100, fallback = table): Promise<string> {
  const base = slugText(source, maxLength) || fallback.replace(/_/g, '-');
  await execute(em, 'select pg_advisory_xact_lock(?)', [LOCK_KEYS[table]]);
  // Every taken slug that could collide: the base itself and anything that starts like it.
  const prefix = base.slice(0, Math.max(1, maxLength - 12));
  const rows = await execute<Array<{ slug: string }>>(em, `select slug from ${table} where slug like ?`, [
    `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`,
  ]);
  const taken = new Set(rows.map((r) => r.slug));
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const candidate = `${trimEdges(base.slice(0, maxLength - suffix.length))}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}

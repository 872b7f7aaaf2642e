/**
 * DRF's OrderingFilter (`?ordering=-a,b`): terms are checked against an allow-list and
 * unknown names are silently dropped; when none is left, the default ordering applies.
 * The allow-list maps wire names to entity properties (`datetime_from` → `datetimeFrom`).
 */

export type OrderDirection = 'asc' | 'desc';

export interface OrderTerm {
  /** The entity property (the allow-list's value). */
  field: string;
  direction: OrderDirection;
}

export type OrderingAllowList = Readonly<Record<string, string>> | readonly string[];

const toMap = (allowed: OrderingAllowList): Record<string, string> =>
  Array.isArray(allowed) ? Object.fromEntries((allowed as readonly string[]).map((f) => [f, f])) : (allowed as Record<string, string>);

/** Parse an `ordering` value (last one when repeated) into terms, falling back to `fallback`. */
export function parseOrdering(raw: unknown, allowed: OrderingAllowList, fallback: readonly OrderTerm[] = []): OrderTerm[] {
  const value = Array.isArray(raw) ? (raw as unknown[])[raw.length - 1] : raw;
  if (typeof value !== 'string' || value.trim() === '') return [...fallback];
  const map = toMap(allowed);
  const seen = new Set<string>();
  const terms: OrderTerm[] = [];
  for (const part of value.split(',')) {
    const term = part.trim();
    const desc = term.startsWith('-');
    const name = desc ? term.slice(1) : term;
    const field = Object.hasOwn(map, name) ? map[name] : undefined;
    if (!field || seen.has(field)) continue;
    seen.add(field);
    terms.push({ field, direction: desc ? 'desc' : 'asc' });
  }
  return terms.length ? terms : [...fallback];
}

/**
 * Terms → MikroORM `orderBy` (a list keeps the order of keys), with `tieBreak` (usually
 * `id`) appended so pages are stable.
 */
export function toOrderBy(terms: readonly OrderTerm[], tieBreak: string | null = 'id'): Array<Record<string, OrderDirection>> {
  const out = terms.map((t) => ({ [t.field]: t.direction }));
  if (tieBreak && !terms.some((t) => t.field === tieBreak)) out.push({ [tieBreak]: 'asc' });
  return out;
}

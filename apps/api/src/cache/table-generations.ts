/**
 * When each table, or each row named by a key column, last changed, as a generation number of
 * this process. A cache entry records the generation at which its computation started and the
 * topics it depends on; it stays valid while none of them has changed since.
 *
 * Topics: `event` (the whole table: any change of it) and `interaction.event_id=4` (the rows
 * with that key; also changed by any change of `interaction` that names no rows, which is
 * recorded as `interaction.*`). Changes arrive as the payloads of PostgreSQL's
 * `klub_table_changes` notifications (migration 20261207213000):
 * `<table>` or `<table> <column>:<v1>,<v2> …`.
 *
 * A change matters only to entries computed before it, and no entry lives longer than
 * `MAX_ENTRY_MS`; so topics changed longer ago than that are forgotten (two maps, rotated).
 */
export const MAX_ENTRY_MS = 60_000;
/** Beyond this many remembered topics everything counts as changed, and the maps start over. */
const MAX_TOPICS = 500_000;

export class TableGenerations {
  private generation = 0;
  private everythingSince = 0;
  private recent = new Map<string, number>();
  private older = new Map<string, number>();
  private rotatedAt = Date.now();
  /** Whether changes can be heard (the LISTEN connection is up); nothing counts as unchanged while not. */
  live: boolean;

  constructor(live = false) {
    this.live = live;
  }

  current(): number {
    return this.generation;
  }

  /** Every cached answer is out of date (the listener reconnected: changes meanwhile were missed). */
  everything(): void {
    this.everythingSince = ++this.generation;
  }

  /** One notification's payload. */
  changed(payload: string): void {
    const g = ++this.generation;
    this.rotate();
    const parts = payload.split(' ');
    const table = parts[0]!;
    this.recent.set(table, g);
    if (parts.length === 1) {
      this.recent.set(`${table}.*`, g);
      return;
    }
    for (let i = 1; i < parts.length; i++) {
      const part = parts[i]!;
      const colon = part.indexOf(':');
      const prefix = `${table}.${part.slice(0, colon)}=`;
      for (const value of part.slice(colon + 1).split(',')) if (value) this.recent.set(prefix + value, g);
    }
    if (this.recent.size > MAX_TOPICS) {
      this.recent = new Map();
      this.older = new Map();
      this.everythingSince = g;
    }
  }

  private rotate(): void {
    const now = Date.now();
    if (now - this.rotatedAt < MAX_ENTRY_MS) return;
    this.older = this.recent;
    this.recent = new Map();
    this.rotatedAt = now;
  }

  unchangedSince(generation: number, topics: readonly string[]): boolean {
    if (!this.live || this.everythingSince > generation) return false;
    for (const t of topics) {
      if ((this.recent.get(t) ?? this.older.get(t) ?? 0) > generation) return false;
    }
    return true;
  }
}

/** The topic of the rows of `table` whose `column` holds `value`. */
export function rowTopic(table: string, column: string, value: string | number): string {
  return `${table}.${column}=${value}`;
}

/** What an entry depending on `topics` must check: a row topic also changes with its table's `*`. */
export function topicsToCheck(topics: Iterable<string>): string[] {
  const all = new Set<string>();
  for (const t of topics) {
    all.add(t);
    const dot = t.indexOf('.');
    if (dot > 0) all.add(`${t.slice(0, dot)}.*`);
  }
  return [...all];
}

import { AsyncLocalStorage } from 'node:async_hooks';
import type { MikroORM } from '@mikro-orm/postgresql';

/**
 * Which tables each SQL statement reads and writes, so that cached responses can be dropped as
 * soon as anything they were built from changes (apps/api/src/cache). A statement's tables are
 * the known table names it mentions anywhere (subqueries, CTEs and comma joins included): naming
 * a table is enough to depend on it, so nothing is missed, at the price of an occasional
 * needless invalidation. A statement that can modify data "writes" every table it names.
 */

/** `*` stands for every table: TRUNCATE lists, schema changes, a Redis reconnect. */
export const ALL_TABLES = '*';

const IDENTIFIER = /[a-z_][a-z0-9_$]*/g;
const MODIFIES = /\b(?:insert|update|delete|truncate|merge|copy|alter|drop|create)\b/i;
const SCHEMA_CHANGE = /^\s*(?:truncate|alter|drop|create)\b/i;
/** SQL texts are parameterised and repeat; big ones (bulk imports) are not worth keeping. */
const MEMO_LIMIT = 2_000;
const MEMO_MAX_SQL = 8_192;
/** Names of the statements that batched-transactions.ts prepares. */
export const PREPARED_PREFIX = 'klub_p_';
const PREPARE_MARKER = new RegExp(`\\bprepare\\s+(?=${PREPARED_PREFIX})`, 'i');
const PREPARE_AS = /\s+as\s+/i;
const EXECUTE_NAME = new RegExp(`\\bexecute\\s+(${PREPARED_PREFIX}[0-9a-f]+)`, 'gi');
/**
 * Leads a statement text whose sender has already noted what it reads and writes, statement by
 * statement (`note`): the batched rounds of batched-transactions.ts, long and never repeated,
 * whose statement templates are short and repeat.
 */
export const NOTED = '/* noted */ ';

/** Whether a statement can modify data (any statement naming a data-changing command). */
export function modifiesData(sql: string): boolean {
  return MODIFIES.test(sql);
}

export interface StatementTables {
  tables: readonly string[];
  writes: boolean;
}

/** The reads and writes of one unit of work (an HTTP request, a job). */
export interface ChangeScope {
  reads: Set<string>;
  writes: Set<string>;
}

interface KnexQueryEvent {
  sql?: unknown;
  __knexTxId?: unknown;
}

export class TableChangeWatch {
  private readonly scopes = new AsyncLocalStorage<ChangeScope>();
  private readonly memo = new Map<string, StatementTables>();
  /** The tables of each prepared statement seen being prepared (an unknown one stands for every table). */
  private readonly prepared = new Map<string, StatementTables>();
  /** Written inside a transaction that no scope owns (scripts, tests): published at its commit. */
  private readonly uncommitted = new Set<string>();

  /**
   * @param tables every table of the schema
   * @param committed called with the tables whose changes just became visible to other sessions
   */
  constructor(
    private readonly tables: ReadonlySet<string>,
    private readonly committed: (tables: string[]) => void,
  ) {}

  /** Reads the schema's tables and starts following every statement of `orm`. */
  static async attach(orm: MikroORM, committed: (tables: string[]) => void): Promise<TableChangeWatch> {
    const rows = await orm.em
      .fork()
      .getConnection()
      .execute<Array<{ tablename: string }>>('select tablename from pg_tables where schemaname = current_schema()');
    const watch = new TableChangeWatch(new Set(rows.map((r) => r.tablename)), committed);
    watch.follow(orm);
    return watch;
  }

  tablesOf(sql: string): StatementTables {
    const known = this.memo.get(sql);
    if (known) return known;
    const found = new Set<string>();
    for (const word of sql.toLowerCase().match(IDENTIFIER) ?? []) if (this.tables.has(word)) found.add(word);
    let writes = modifiesData(sql);
    // A prepared statement names its tables once, when prepared; each EXECUTE stands for them.
    if (sql.includes(PREPARED_PREFIX)) {
      for (const piece of sql.split(PREPARE_MARKER).slice(1)) {
        const as = PREPARE_AS.exec(piece);
        if (as) this.rememberPrepared(piece.slice(0, as.index), this.tablesOf(piece.slice(as.index + as[0].length)));
      }
      for (const [, name] of sql.matchAll(EXECUTE_NAME)) {
        const prepared = this.prepared.get(name!) ?? { tables: [ALL_TABLES], writes: true };
        for (const t of prepared.tables) found.add(t);
        writes ||= prepared.writes;
      }
    }
    const result: StatementTables = {
      tables: writes && SCHEMA_CHANGE.test(sql) ? [ALL_TABLES] : [...found],
      writes,
    };
    if (sql.length <= MEMO_MAX_SQL) {
      if (this.memo.size >= MEMO_LIMIT) this.memo.clear();
      this.memo.set(sql, result);
    }
    return result;
  }

  private rememberPrepared(name: string, tables: StatementTables): void {
    if (this.prepared.size >= MEMO_LIMIT) this.prepared.clear();
    this.prepared.set(name, tables);
  }

  /**
   * Records a statement in the current scope as if the scope had run it: for a statement run once
   * on behalf of several units of work (a coalesced read), each of which depends on it.
   */
  note(sql: string): void {
    const scope = this.scopes.getStore();
    if (!scope) return;
    const { tables, writes } = this.tablesOf(sql);
    const into = writes ? scope.writes : scope.reads;
    for (const t of tables) into.add(t);
  }

  /** Runs `fn` with its statements recorded in `scope` (async continuations included). */
  run<T>(scope: ChangeScope, fn: () => T): T {
    return this.scopes.run(scope, fn);
  }

  /**
   * Publishes the writes a scope has made so far and forgets them. Call it when the scope's
   * transactions have settled (a procedure returned, a response finished, a job ended), never
   * earlier: a cache entry filled between a write and its commit must be invalidated after.
   */
  flush(scope: ChangeScope): void {
    if (!scope.writes.size) return;
    const tables = [...scope.writes];
    scope.writes.clear();
    this.committed(tables);
  }

  private follow(orm: MikroORM): void {
    const knex = orm.em.getConnection().getKnex();
    knex.on('query', (q: KnexQueryEvent) => {
      if (typeof q.sql !== 'string' || q.sql.startsWith(NOTED)) return;
      if (this.scopes.getStore()) return this.note(q.sql);
      const { tables, writes } = this.tablesOf(q.sql);
      if (writes && q.__knexTxId !== undefined) for (const t of tables) this.uncommitted.add(t);
    });
    // Outside any scope an autocommit statement is committed once it answers.
    knex.on('query-response', (_response: unknown, q: KnexQueryEvent) => {
      if (typeof q.sql !== 'string' || q.__knexTxId !== undefined || this.scopes.getStore()) return;
      const { tables, writes } = this.tablesOf(q.sql);
      if (writes && tables.length) this.committed([...tables]);
    });
    orm.em.getEventManager().registerSubscriber({
      afterTransactionCommit: () => {
        if (!this.uncommitted.size) return;
        const tables = [...this.uncommitted];
        this.uncommitted.clear();
        this.committed(tables);
      },
    });
  }
}

/** The Redis pub/sub channel on which every process announces its committed writes to one database. */
export function tableChangesChannel(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  return `klub:table-changes:${url.host}${url.pathname}`;
}

/** What a Redis client (ioredis) offers for announcing; the domain does not depend on one. */
export interface ChangePublisher {
  publish(channel: string, message: string): Promise<unknown>;
}

/** The one wire format of an announcement: the JSON array of table names, on the database's channel. */
export function publishTableChanges(
  publisher: ChangePublisher,
  databaseUrl: string,
  tables: readonly string[],
): Promise<unknown> {
  return publisher.publish(tableChangesChannel(databaseUrl), JSON.stringify(tables));
}

/** Runs one unit of work (a job, a command) in its own scope and publishes its writes when it ends. */
export async function withChangeScope<T>(watch: TableChangeWatch | undefined, fn: () => Promise<T>): Promise<T> {
  if (!watch) return fn();
  const scope: ChangeScope = { reads: new Set(), writes: new Set() };
  try {
    return await watch.run(scope, () => fn());
  } finally {
    watch.flush(scope);
  }
}

/**
 * Publishes announced tables at most once per event-loop turn: a busy process sends one message
 * for all the requests that committed in that turn instead of one each (each is a Redis round
 * trip), a turn later at worst.
 */
export function batchedAnnouncer(
  publish: (tables: string[]) => Promise<unknown>,
  failed: (err: unknown, tables: string[]) => void,
): (tables: readonly string[]) => void {
  let pending: Set<string> | undefined;
  return (tables) => {
    if (!pending) {
      const batch = (pending = new Set());
      setImmediate(() => {
        pending = undefined;
        const all = [...batch];
        publish(all).catch((err: unknown) => failed(err, all));
      });
    }
    for (const t of tables) pending.add(t);
  };
}

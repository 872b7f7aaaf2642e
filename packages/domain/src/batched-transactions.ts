import { AsyncLocalStorage } from 'node:async_hooks';
import { hash } from 'node:crypto';
import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { AppError } from './errors.js';
import { transactionConnection } from './transaction-connection.js';

/** Whether a statement can modify data (any statement naming a data-changing command). */
const MODIFIES = /\b(?:insert|update|delete|truncate|merge|copy|alter|drop|create)\b/i;
const modifiesData = (sql: string): boolean => MODIFIES.test(sql);
/** Names of the statements this module prepares. */
const PREPARED_PREFIX = 'klub_p_';

/**
 * Group commit for short, independent units of work (the public sign-ups of api.md §8).
 *
 * A unit issues a few statements, each a round trip; on this kind of machine a round trip costs
 * more CPU (system calls, wake-ups on both sides) than the statement itself, and every unit pays
 * its own BEGIN and COMMIT. The batcher runs the units that arrive while the previous batch is
 * in flight together in one transaction: their statements go in rounds, every unit's next
 * statement in one multi-statement query (their parameters are inlined by MikroORM anyway), and
 * one COMMIT ends them all. A unit sees exactly what it would alone: its statements run in its
 * own order, after the earlier units' statements of the same round, as if those had committed
 * just before; units that touch the same rows are serialised by their own locks. A step that can
 * be done for many units at once (`combined`: the sign-up's write) runs once for all the units of
 * a round that reach it, as one set-based statement instead of one statement each.
 *
 * Failures never leak from one unit into another: a unit that fails before writing anything
 * (a validation error after its lookups) just leaves the batch; any other failure (a database
 * error, a deadlock with another process, a unit failing after a write) rolls the whole batch
 * back and every unit is run again on its own, exactly as without batching.
 */
export interface TransactionBatcherOptions {
  /** Units per batch at most. */
  maxBatch?: number;
  /**
   * Batches in flight at once (default 1). More keep a second database backend busy while one
   * batch waits for a round trip, but make each batch smaller: on the 2-core machine of
   * bench/README.md one batch at a time did 298 sign-ups/s, two 244, four 228.
   */
  concurrency?: number;
}

type Work<T> = (tx: EntityManager) => Promise<T>;

/** Whoever issues statements in a batch: a unit, or a combined call made for several units. */
interface Writer {
  /** Set by the batch: did one of its statements write? */
  wrote: boolean;
}

interface Unit extends Writer {
  work: Work<unknown>;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

type Combinable<I, R> = (tx: EntityManager, items: I[]) => Promise<R[]>;

interface CombinedCall {
  unit: Writer;
  item: unknown;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

interface Statement {
  /** With its parameters inlined, as MikroORM sends it (made only when it is sent so). */
  text: () => string;
  /** The same as a prepared statement and its arguments, when it can be one. */
  prepared: PreparedForm | null;
  resolve: (rows: unknown) => void;
  reject: (err: unknown) => void;
}

interface PreparedForm {
  name: string;
  /** The statement with `$1 … $n` for its scalar parameters (lists and identifiers inlined). */
  text: string;
  /** The parameters as SQL literals. */
  args: string[];
}

type Platform = ReturnType<EntityManager['getPlatform']>;

/**
 * Part of every name: a schema change under a prepared statement that PostgreSQL cannot replan
 * ("cached plan must not change result type") moves every statement to new names, prepared afresh.
 */
let planGeneration = 0;

/**
 * A statement's placeholders, read once per statement text: the same rules as MikroORM's
 * `formatQuery` (`?` a value, `??` an identifier, `\\?` a question mark). `pieces[i]` is the SQL
 * before placeholder `i` (the last piece follows the last one).
 */
interface Placeholders {
  pieces: string[];
  identifier: boolean[];
  /** Whether the statement can modify data, judged on its text, not on its parameters. */
  writes: boolean;
  /** Its prepared forms made so far, by the lists and objects inlined into them ('' when none). */
  forms: Map<string, { generation: number; name: string; text: string }>;
}

/** Placeholders by statement text; the texts of a running app are few and repeat. */
const placeholdersOf = new Map<string, Placeholders | null>();
const MAX_TEXTS = 2_048;

function placeholders(sql: string): Placeholders | null {
  const known = placeholdersOf.get(sql);
  if (known !== undefined) return known;
  let found: Placeholders | null = null;
  if (!/\$\d/.test(sql)) {
    const pieces: string[] = [];
    const identifier: boolean[] = [];
    let piece = '';
    let pos = 0;
    for (let idx = sql.indexOf('?'); idx !== -1; idx = sql.indexOf('?', pos)) {
      if (idx > 0 && sql[idx - 1] === '\\') {
        piece += `${sql.slice(pos, idx - 1)}?`;
        pos = idx + 1;
        continue;
      }
      const isIdentifier = sql[idx + 1] === '?';
      pieces.push(piece + sql.slice(pos, idx));
      identifier.push(isIdentifier);
      piece = '';
      pos = idx + (isIdentifier ? 2 : 1);
    }
    pieces.push(piece + sql.slice(pos));
    found = { pieces, identifier, writes: modifiesData(sql), forms: new Map() };
  }
  if (placeholdersOf.size >= MAX_TEXTS) placeholdersOf.clear();
  placeholdersOf.set(sql, found);
  return found;
}

const isScalar = (value: unknown): boolean =>
  !Array.isArray(value) && (value === null || typeof value !== 'object' || value instanceof Date);

const preparedName = (text: string): string =>
  `${PREPARED_PREFIX}${planGeneration.toString(16)}${hash('sha1', text, 'hex').slice(0, 20)}`;

/**
 * A statement and its parameters as a prepared statement: each scalar value a `$n`, lists and
 * objects inlined (`in (?)`), identifiers quoted, literals quoted by MikroORM itself.
 */
function preparedForm(platform: Platform, ph: Placeholders, params: readonly unknown[]): PreparedForm | null {
  if (ph.identifier.length !== params.length) return null;
  const args: string[] = [];
  const inlined: string[] = [];
  const slots = params.map((value, i) => {
    if (!ph.identifier[i] && isScalar(value)) return `$${args.push(platform.quoteValue(value))}`;
    const inline = ph.identifier[i] ? platform.quoteIdentifier(value as string) : platform.quoteValue(value);
    inlined.push(`${i}:${inline}`);
    return inline;
  });
  const key = inlined.join('\0');
  let form = ph.forms.get(key);
  if (form?.generation !== planGeneration) {
    const text = ph.pieces.reduce((t, piece, i) => `${t}${slots[i - 1]}${piece}`);
    if (ph.forms.size >= 64) ph.forms.clear();
    form = { generation: planGeneration, name: preparedName(text), text };
    ph.forms.set(key, form);
  }
  return { name: form.name, text: form.text, args };
}

/** Statements seen in batches (a statement is prepared the second time it is seen). */
const seen = new Map<string, number>();
/** Statements PostgreSQL refused to prepare (e.g. a parameter whose type it cannot infer). */
const unpreparable = new Set<string>();
/** The statements prepared in each database session (prepared statements outlive transactions). */
const preparedIn = new WeakMap<object, Set<string>>();
const MAX_PREPARED = 256;

/** The batch a unit's statements join, found by `execute` through async context. */
interface Membership {
  batch: StatementRounds;
  unit: Writer;
}

const membership = new AsyncLocalStorage<Membership>();

/** Collects the statements of one round and sends them as one query. */
class StatementRounds {
  private round: Statement[] = [];
  private scheduled = false;
  private calls = new Map<Combinable<unknown, unknown>, CombinedCall[]>();
  private combining = false;

  constructor(
    private readonly tx: EntityManager,
    /** Runs the flush in the batch's async context (not that of the unit whose statement came first). */
    private readonly inBatchContext: <R>(fn: () => R) => R,
  ) {}

  owns(em: EntityManager): boolean {
    const ctx = em.getTransactionContext<Knex.Transaction>();
    return ctx !== undefined && ctx === this.tx.getTransactionContext<Knex.Transaction>();
  }

  add(unit: Writer, sql: string, params: readonly unknown[]): Promise<unknown> {
    const platform = this.tx.getPlatform();
    const text = () => platform.formatQuery(sql, [...params]);
    const ph = placeholders(sql);
    // A lock taken by a unit that then fails harms no one; a write does.
    if (ph ? ph.writes : modifiesData(sql)) unit.wrote = true;
    const prepared = ph && preparedForm(platform, ph, params);
    return new Promise((resolve, reject) => {
      this.round.push({ text, prepared, resolve, reject });
      if (this.scheduled) return;
      this.scheduled = true;
      // After the microtasks: every unit that is not waiting for the database has then reached its
      // next statement (units resume together when a round answers). Not setImmediate: that would
      // first let the event loop parse every request that came in meanwhile, while the batch waits.
      process.nextTick(() => this.inBatchContext(() => void this.flush()));
    });
  }

  combine(unit: Writer, all: Combinable<unknown, unknown>, item: unknown): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const calls = this.calls.get(all);
      if (calls) calls.push({ unit, item, resolve, reject });
      else this.calls.set(all, [{ unit, item, resolve, reject }]);
      if (this.combining) return;
      this.combining = true;
      // As for statements: once every unit that is not waiting for the database has made its call.
      process.nextTick(() => this.inBatchContext(() => this.runCombined()));
    });
  }

  private runCombined(): void {
    this.combining = false;
    const byCall = this.calls;
    this.calls = new Map();
    for (const [all, calls] of byCall) {
      const writer: Writer = { wrote: false };
      const settle = () => {
        if (writer.wrote) for (const c of calls) c.unit.wrote = true;
      };
      membership.run({ batch: this, unit: writer }, () => all(this.tx, calls.map((c) => c.item))).then(
        (results) => {
          settle();
          calls.forEach((c, i) => c.resolve(results[i]));
        },
        (err: unknown) => {
          settle();
          // Whose item failed is not known: the batch runs again, each unit alone, and finds out.
          for (const c of calls) c.reject(new CombinedCallFailed(err));
        },
      );
    }
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    const round = this.round;
    this.round = [];
    try {
      const trx = this.tx.getTransactionContext<Knex.Transaction>()!;
      const knex = this.tx.getConnection().getKnex();
      const texts = await this.statementTexts(round, (sql) => knex.raw(sql).transacting(trx));
      const result: unknown = await knex.raw(texts.join(';\n')).transacting(trx);
      const results = (round.length === 1 ? [result] : result) as Array<{ rows?: unknown[] }>;
      if (!Array.isArray(results) || results.length !== round.length) {
        throw new Error(
          `a batched round of ${round.length} statements answered ${Array.isArray(results) ? results.length : 'one'} results`,
        );
      }
      round.forEach((s, i) => s.resolve(results[i]!.rows ?? []));
    } catch (err) {
      if ((err as { code?: unknown }).code === '0A000') planGeneration += 1;
      for (const s of round) s.reject(err);
    }
  }

  /**
   * What to send for each statement of a round: `EXECUTE` of its prepared form once it has been
   * seen before (PostgreSQL parses and plans a sign-up's statements in more time than it runs
   * them), preparing it first in this session when needed; else the statement as it is.
   */
  private async statementTexts(round: Statement[], send: (sql: string) => Promise<unknown>): Promise<string[]> {
    const session = await transactionConnection<object>(this.tx);
    let prepared = preparedIn.get(session);
    if (!prepared) preparedIn.set(session, (prepared = new Set()));
    const toPrepare = new Map<string, string>();
    const texts = round.map((s) => {
      const p = s.prepared;
      if (!p || unpreparable.has(p.name)) return s.text();
      if (!prepared.has(p.name)) {
        const times = (seen.get(p.name) ?? 0) + 1;
        if (seen.size >= MAX_PREPARED * 8) seen.clear();
        seen.set(p.name, times);
        if (times < 2 || prepared.size + toPrepare.size >= MAX_PREPARED) return s.text();
        toPrepare.set(p.name, p.text);
      }
      return `execute ${p.name}(${p.args.join(', ')})`;
    });
    if (toPrepare.size) {
      try {
        await send([...toPrepare].map(([name, text]) => `prepare ${name} as ${text}`).join(';\n'));
      } catch (err) {
        // The batch is lost (its transaction aborted) and runs again unbatched; these statements stay unprepared.
        for (const name of toPrepare.keys()) unpreparable.add(name);
        throw err;
      }
      for (const name of toPrepare.keys()) prepared.add(name);
    }
    return texts;
  }
}

/**
 * `all(em, [item])`, or, in a batch, one call of `all` for the items of every unit of the batch
 * that calls it in the same round (a set-based statement for all of them instead of one each).
 * `all` answers each item at its position and must not depend on the others being there.
 */
export async function combined<I, R>(em: EntityManager, all: Combinable<I, R>, item: I): Promise<R> {
  const m = membership.getStore();
  if (m?.batch.owns(em)) return (await m.batch.combine(m.unit, all as Combinable<unknown, unknown>, item)) as R;
  const [result] = await all(em, [item]);
  return result!;
}

class CombinedCallFailed extends Error {
  constructor(cause: unknown) {
    super('a combined call of a batch failed', { cause });
  }
}

/** The batch `em`'s statement belongs to, if any (for `execute`). */
export function batchedStatement(
  em: EntityManager,
  sql: string,
  params: readonly unknown[],
): Promise<unknown> | undefined {
  const m = membership.getStore();
  if (!m || !m.batch.owns(em)) return undefined;
  return m.batch.add(m.unit, sql, params);
}

class BatchFailed extends Error {}

export class TransactionBatcher {
  private queue: Unit[] = [];
  private inFlight = 0;
  private readonly maxBatch: number;
  private readonly concurrency: number;

  constructor(
    private readonly em: EntityManager,
    private readonly options: TransactionBatcherOptions = {},
  ) {
    this.maxBatch = options.maxBatch ?? 64;
    this.concurrency = options.concurrency ?? 1;
  }

  /** Runs `work` in a transaction, shared with the units that arrive at the same time. */
  run<T>(work: Work<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (v: unknown) => void, reject, wrote: false });
      this.pump();
    });
  }

  /** Starts batches while there are units waiting and room in flight. */
  private pump(): void {
    while (this.queue.length && this.inFlight < this.concurrency) {
      const units = this.queue.splice(0, this.maxBatch);
      this.inFlight += 1;
      void (units.length === 1 ? this.alone(units[0]!) : this.together(units)).finally(() => {
        this.inFlight -= 1;
        this.pump();
      });
    }
  }

  private async alone(unit: Unit): Promise<void> {
    try {
      unit.resolve(await this.em.fork().transactional((tx) => unit.work(tx)));
    } catch (err) {
      unit.reject(err);
    }
  }

  private async together(units: Unit[]): Promise<void> {
    let outcomes: PromiseSettledResult<unknown>[];
    try {
      outcomes = await this.em.fork().transactional(async (tx) => {
        const rounds = new StatementRounds(tx, AsyncLocalStorage.snapshot());
        const settled = await Promise.allSettled(
          units.map((unit) => membership.run({ batch: rounds, unit }, () => unit.work(tx))),
        );
        // A unit that failed after writing cannot be taken out of the transaction alone.
        if (settled.some((s, i) => s.status === 'rejected' && !(s.reason instanceof AppError && !units[i]!.wrote))) {
          throw new BatchFailed();
        }
        return settled;
      });
    } catch {
      // Rolled back: each unit again, on its own, as if there were no batching.
      await Promise.all(units.map((unit) => this.alone(unit)));
      return;
    }
    outcomes.forEach((o, i) => (o.status === 'fulfilled' ? units[i]!.resolve(o.value) : units[i]!.reject(o.reason)));
  }
}

import { AsyncLocalStorage } from 'node:async_hooks';
import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { AppError } from './errors.js';

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
 * just before; units that touch the same rows are serialised by their own locks.
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
   * Batches in flight at once: while one waits for a round trip, the next one's statements keep
   * the database busy (each batch runs on one connection, so one backend).
   */
  concurrency?: number;
  /**
   * Runs a batch, commit included, in a unit of work of the caller's (the API's change scope,
   * so the batch's writes are announced once it has committed, before any unit's answer).
   */
  scope?: <T>(fn: () => Promise<T>) => Promise<T>;
}

type Work<T> = (tx: EntityManager) => Promise<T>;

interface Unit {
  work: Work<unknown>;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
  /** Set by the batch: did one of its statements write? */
  wrote: boolean;
}

interface Statement {
  text: string;
  resolve: (rows: unknown) => void;
  reject: (err: unknown) => void;
}

/** The batch a unit's statements join, found by `execute` through async context. */
interface Membership {
  batch: StatementRounds;
  unit: Unit;
}

const membership = new AsyncLocalStorage<Membership>();

/** Statements that may change data (a lock taken by a unit that then fails harms no one). */
const WRITES = /\b(?:insert|update|delete|merge|truncate|copy|alter|drop|create)\b/i;

/** Collects the statements of one round and sends them as one query. */
class StatementRounds {
  private round: Statement[] = [];
  private scheduled = false;

  constructor(
    private readonly tx: EntityManager,
    /** Runs the flush in the batch's async context (not that of the unit whose statement came first). */
    private readonly inBatchContext: <R>(fn: () => R) => R,
  ) {}

  owns(em: EntityManager): boolean {
    const ctx = em.getTransactionContext<Knex.Transaction>();
    return ctx !== undefined && ctx === this.tx.getTransactionContext<Knex.Transaction>();
  }

  add(unit: Unit, sql: string, params: readonly unknown[]): Promise<unknown> {
    const text = this.tx.getPlatform().formatQuery(sql, [...params]);
    if (WRITES.test(text)) unit.wrote = true;
    return new Promise((resolve, reject) => {
      this.round.push({ text, resolve, reject });
      if (this.scheduled) return;
      this.scheduled = true;
      // Every unit that is not waiting for the database reaches its next statement first.
      setImmediate(() => this.inBatchContext(() => void this.flush()));
    });
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    const round = this.round;
    this.round = [];
    try {
      const trx = this.tx.getTransactionContext<Knex.Transaction>()!;
      const knex = this.tx.getConnection().getKnex();
      const result: unknown = await knex.raw(round.map((s) => s.text).join(';\n')).transacting(trx);
      const results = (round.length === 1 ? [result] : result) as Array<{ rows?: unknown[] }>;
      if (!Array.isArray(results) || results.length !== round.length) {
        throw new Error(
          `a batched round of ${round.length} statements answered ${Array.isArray(results) ? results.length : 'one'} results`,
        );
      }
      round.forEach((s, i) => s.resolve(results[i]!.rows ?? []));
    } catch (err) {
      for (const s of round) s.reject(err);
    }
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
    this.concurrency = options.concurrency ?? 2;
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
      unit.resolve(await this.scoped(() => this.em.fork().transactional((tx) => unit.work(tx))));
    } catch (err) {
      unit.reject(err);
    }
  }

  private async together(units: Unit[]): Promise<void> {
    let outcomes: PromiseSettledResult<unknown>[];
    try {
      outcomes = await this.scoped(() =>
        this.em.fork().transactional(async (tx) => {
          const rounds = new StatementRounds(tx, AsyncLocalStorage.snapshot());
          const settled = await Promise.allSettled(
            units.map((unit) => membership.run({ batch: rounds, unit }, () => unit.work(tx))),
          );
          // A unit that failed after writing cannot be taken out of the transaction alone.
          if (settled.some((s, i) => s.status === 'rejected' && !(s.reason instanceof AppError && !units[i]!.wrote))) {
            throw new BatchFailed();
          }
          return settled;
        }),
      );
    } catch {
      // Rolled back: each unit again, on its own, as if there were no batching.
      await Promise.all(units.map((unit) => this.alone(unit)));
      return;
    }
    outcomes.forEach((o, i) => (o.status === 'fulfilled' ? units[i]!.resolve(o.value) : units[i]!.reject(o.reason)));
  }

  private scoped<T>(fn: () => Promise<T>): Promise<T> {
    return this.options.scope ? this.options.scope(fn) : fn();
  }
}

import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { TUserIdOutput } from '@klub/contracts';
import { pruneSignupReceipts, recordSignups, type SignupCommand, type SignupOutcome } from '@klub/domain';
import type { Logger } from '../logger.js';

export interface SignupWriterOptions {
  /** Commands per transaction at most (env SIGNUP_BATCH_MAX); 1 writes each alone. */
  maxBatch: number;
  logger?: Pick<Logger, 'warn'>;
}

interface Pending {
  command: SignupCommand & { key: string };
  resolve: (value: TUserIdOutput) => void;
  reject: (error: unknown) => void;
}

const PRUNE_EVERY_MS = 60 * 60 * 1000;

/**
 * Group commit of the public sign-ups (api.md §8.3–8.5). On this kind of machine a round trip to
 * PostgreSQL costs more CPU than the statement it carries, and each transaction pays its BEGIN
 * and COMMIT: so requests put their validated commands here, and while one transaction is in
 * flight the commands that arrive wait and then go together, in one transaction with one call of
 * the domain's set-based `recordSignups`.
 *
 *   request ─┐                                   ┌─> answer (its own user_id or 4xx)
 *   request ─┼─> queue ─> BEGIN; recordSignups(all); COMMIT ─┤
 *   request ─┘                                   └─> answer
 *
 * Each request gets its own outcome: `recordSignups` answers a command that fails its checks
 * with its own error and writes the others. When the transaction itself fails (a database error
 * that one command caused, a deadlock, a lost connection), every command of it runs again alone,
 * so one command's failure never becomes another's answer. Every command carries a key that the
 * write stores as its receipt; the commands run again with `recheck`, so when the failure was an
 * unanswered COMMIT that did commit, they get their recorded answer instead of being written twice.
 */
export class SignupWriter {
  private queue: Pending[] = [];
  private writing = false;
  private lastPrune = Date.now();

  constructor(
    private readonly em: EntityManager,
    private readonly opts: SignupWriterOptions,
  ) {}

  write(command: SignupCommand): Promise<TUserIdOutput> {
    return new Promise((resolve, reject) => {
      this.queue.push({ command: { ...command, key: randomUUID() }, resolve, reject });
      if (!this.writing) {
        this.writing = true;
        // After the current microtasks, so that commands put here in the same turn go together.
        process.nextTick(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.opts.maxBatch);
      await this.writeBatch(batch);
    }
    this.writing = false;
    this.pruneNowAndThen();
  }

  private async writeBatch(batch: Pending[]): Promise<void> {
    let outcomes: SignupOutcome[];
    try {
      outcomes = await this.transaction(batch.map((p) => p.command));
    } catch (error) {
      // Nothing of the batch is known to be written, nor known not to be: each command again, alone.
      await Promise.all(batch.map((p) => this.alone(p, error)));
      return;
    }
    batch.forEach((p, i) => settle(p, outcomes[i]!));
  }

  private async alone(p: Pending, batchError: unknown): Promise<void> {
    try {
      const [outcome] = await this.transaction([p.command], { recheck: true });
      settle(p, outcome!);
    } catch (error) {
      this.opts.logger?.warn({ err: error, batchError }, 'sign-up failed when written alone');
      p.reject(error);
    }
  }

  /** One transaction, one call of the domain. A test hook may replace it (see the writer's tests). */
  protected transaction(commands: SignupCommand[], opts: { recheck?: boolean } = {}): Promise<SignupOutcome[]> {
    return this.em.fork().transactional((tx) => recordSignups(tx, commands, opts));
  }

  private pruneNowAndThen(): void {
    if (Date.now() - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = Date.now();
    pruneSignupReceipts(this.em.fork()).catch((err: unknown) => this.opts.logger?.warn({ err }, 'pruning sign-up receipts failed'));
  }
}

function settle(p: Pending, outcome: SignupOutcome): void {
  if (outcome.ok) p.resolve(outcome.value);
  else p.reject(outcome.error);
}

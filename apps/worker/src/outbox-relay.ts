import type { MikroORM } from '@mikro-orm/postgresql';
import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import { findJob, type QueueName } from '@klub/contracts';
import { claimPendingOutbox, markOutboxPublished, parkOutboxMessage } from '@klub/domain/outbox';

export interface OutboxRelayOptions {
  orm: MikroORM;
  queues: Record<QueueName, Queue>;
  log: Logger;
  batchSize?: number;
  idleDelayMs?: number;
  /** Upper bound of the back-off while Redis or PostgreSQL is unreachable. */
  maxErrorDelayMs?: number;
}

/**
 * Moves committed outbox rows to BullMQ. Rows are claimed with FOR UPDATE SKIP LOCKED, so
 * several workers can relay side by side, and marked published only after BullMQ accepted
 * them; the BullMQ job id `outbox-<id>` makes a re-publish after a crash a no-op.
 * While Redis is down nothing is marked, and the rows go out once it is back.
 */
export class OutboxRelay {
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private readonly batchSize: number;
  private readonly idleDelayMs: number;
  private readonly maxErrorDelayMs: number;

  constructor(private readonly opts: OutboxRelayOptions) {
    this.batchSize = opts.batchSize ?? 100;
    this.idleDelayMs = opts.idleDelayMs ?? 200;
    this.maxErrorDelayMs = opts.maxErrorDelayMs ?? 5000;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  /** Publish one batch; returns how many rows went out. */
  async relayOnce(): Promise<number> {
    const em = this.opts.orm.em.fork();
    return em.transactional(async (tx) => {
      const rows = await claimPendingOutbox(tx, this.batchSize);
      if (rows.length === 0) return 0;
      const published: string[] = [];
      const invalid: Array<{ id: string; error: string }> = [];
      for (const row of rows) {
        const job = findJob(row.job_name);
        const parsed = job?.payload.safeParse(row.payload);
        if (!job || !parsed?.success) {
          invalid.push({ id: row.id, error: job ? 'payload does not match its schema' : 'unknown job name' });
          continue;
        }
        await this.opts.queues[job.queue].add(job.name, parsed.data, { jobId: `outbox-${row.id}` });
        published.push(row.id);
      }
      await markOutboxPublished(tx, published);
      for (const { id, error } of invalid) {
        // A row no worker could ever run is parked (never published) and logged, not retried forever.
        this.opts.log.error({ outboxId: id, error }, 'outbox row cannot be relayed');
        await parkOutboxMessage(tx, id, error);
      }
      return published.length;
    });
  }

  private async run(): Promise<void> {
    let errorDelay = 250;
    while (this.running) {
      let delay = this.idleDelayMs;
      try {
        const n = await this.relayOnce();
        errorDelay = 250;
        if (n === this.batchSize) delay = 0;
      } catch (err) {
        this.opts.log.warn({ err: (err as Error).message }, 'outbox relay failed; retrying');
        delay = errorDelay;
        errorDelay = Math.min(errorDelay * 2, this.maxErrorDelayMs);
      }
      if (delay > 0 && this.running) {
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, delay);
          this.wake = () => {
            clearTimeout(t);
            resolve();
          };
        });
      }
    }
  }
}

import { Job, Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { EntityManager } from '@mikro-orm/postgresql';
import { findJob, JOB_STATES, QUEUES, type QueueName, type TJobStatus } from '@klub/contracts';
import { pendingOutboxJob } from '@klub/domain';

/**
 * Read access to the worker's BullMQ queues: the job view of `GET /api/admin/jobs/{id}/` and
 * the queue dashboard. The API never adds jobs here; it writes them to the outbox.
 */
export class JobQueues {
  readonly queues: Record<QueueName, Queue>;
  private readonly connection: Redis;

  constructor(redisUrl: string, prefix: string) {
    this.connection = new Redis(redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true });
    this.connection.on('error', () => undefined);
    this.connection.connect().catch(() => undefined);
    this.queues = Object.fromEntries(
      QUEUES.map((q) => [q, new Queue(q, { connection: this.connection, prefix })]),
    ) as Record<QueueName, Queue>;
  }

  /** A job by id, in whichever queue holds it; a job still in the outbox is `pending`. */
  async status(em: EntityManager, id: string): Promise<TJobStatus | null> {
    const pending = await pendingOutboxJob(em, id);
    const queueNames: readonly QueueName[] = pending ? [findJob(pending.name)?.queue ?? 'email'] : QUEUES;
    for (const queueName of queueNames) {
      const job = await Job.fromId(this.queues[queueName], id);
      if (job) return describe(job, queueName, await job.getState());
    }
    if (pending && !pending.published) {
      return {
        id,
        name: pending.name,
        queue: findJob(pending.name)?.queue ?? 'unknown',
        state: 'pending',
        progress: 0,
        attempts_made: 0,
        failed_reason: pending.lastError,
        result: null,
        created_at: pending.createdAt.toISOString(),
        finished_at: null,
      };
    }
    return null;
  }

  /** The failed jobs kept in the queues: their number and the latest `limit` of them. */
  async failed(limit: number): Promise<{ count: number; results: TJobStatus[] }> {
    let count = 0;
    const jobs: Array<{ job: Job; queue: QueueName }> = [];
    for (const queueName of QUEUES) {
      const queue = this.queues[queueName];
      count += await queue.getFailedCount();
      for (const job of await queue.getFailed(0, limit - 1)) jobs.push({ job, queue: queueName });
    }
    const latest = jobs.sort((a, b) => (b.job.finishedOn ?? b.job.timestamp) - (a.job.finishedOn ?? a.job.timestamp)).slice(0, limit);
    return { count, results: latest.map(({ job, queue }) => describe(job, queue, 'failed')) };
  }

  async close(): Promise<void> {
    await Promise.all(Object.values(this.queues).map((q) => q.close()));
    this.connection.disconnect();
  }
}

function describe(job: Job, queue: QueueName, state: string): TJobStatus {
  const progress = typeof job.progress === 'number' ? job.progress : 0;
  return {
    id: job.id ?? '',
    name: job.name,
    queue,
    state: (JOB_STATES as readonly string[]).includes(state) ? (state as TJobStatus['state']) : 'unknown',
    progress: state === 'completed' ? 100 : progress,
    attempts_made: job.attemptsMade,
    failed_reason: job.failedReason ?? null,
    result: (job.returnvalue as unknown) ?? null,
    created_at: new Date(job.timestamp).toISOString(),
    finished_at: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
  };
}

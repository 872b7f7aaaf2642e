import { Worker, type Job, type Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { QUEUES, type QueueName } from '@klub/contracts';
import type { Env } from '@klub/config';
import { HANDLERS, SCHEDULES, type WorkerDeps } from './jobs/index.js';
import { DEFAULT_JOB_OPTIONS, workerConnection } from './queues.js';

/** Dispatches a BullMQ job to its handler by name. */
export function createProcessor(deps: WorkerDeps): (job: Job) => Promise<unknown> {
  return async (job) => {
    const handler = HANDLERS[job.name as keyof typeof HANDLERS];
    if (!handler) throw new Error(`no handler for job ${job.name}`);
    return handler.run(job, deps);
  };
}

export interface StartWorkersOptions {
  deps: WorkerDeps;
  redisUrl: string;
  prefix: string;
  concurrency: Partial<Record<QueueName, number>>;
  /** Test seam: the connection each Worker uses (default: a blocking connection to redisUrl). */
  connection?: () => Redis;
}

/**
 * One BullMQ Worker per queue (STYLE.md §2.6), so a long import never delays a password-reset
 * e-mail. Failures are logged; a job that exhausts its attempts stays in the failed set.
 */
export function startWorkers({ deps, redisUrl, prefix, concurrency, connection }: StartWorkersOptions): Worker[] {
  const processor = createProcessor(deps);
  return QUEUES.map((queue) => {
    const worker = new Worker(queue, processor, {
      connection: connection?.() ?? workerConnection(redisUrl),
      prefix,
      concurrency: concurrency[queue] ?? 1,
    });
    worker.on('failed', (job, err) =>
      deps.log.warn({ job: job?.name, id: job?.id, attempt: job?.attemptsMade, err: err.message }, 'job failed'),
    );
    worker.on('error', (err) => deps.log.error({ queue, err: err.message }, 'worker error'));
    return worker;
  });
}

/**
 * Registers the job schedulers (`upsertJobScheduler` is idempotent, so every worker process
 * may call it at boot: one scheduler per id, however many workers start). A schedule that the
 * configuration disables is removed.
 */
export async function registerSchedulers(
  queues: Record<QueueName, Queue>,
  env: Pick<Env, 'DARUJME_ENABLED' | 'TZ_BUSINESS'>,
): Promise<string[]> {
  const registered: string[] = [];
  for (const schedule of SCHEDULES) {
    const handler = HANDLERS[schedule.job];
    const queue = queues[handler.queue];
    if (!schedule.enabled(env)) {
      await queue.removeJobScheduler(schedule.id);
      continue;
    }
    await queue.upsertJobScheduler(
      schedule.id,
      { pattern: schedule.pattern, tz: env.TZ_BUSINESS },
      { name: schedule.job, data: schedule.data, opts: DEFAULT_JOB_OPTIONS },
    );
    registered.push(schedule.id);
  }
  return registered;
}

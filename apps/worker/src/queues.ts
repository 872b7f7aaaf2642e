import { Queue } from 'bullmq';
import { Redis, type RedisOptions } from 'ioredis';
import { QUEUES, type QueueName } from '@klub/contracts';

/** Retry policy shared by every job: exponential back-off; failures stay inspectable. */
export const DEFAULT_JOB_OPTIONS = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 2000 },
  removeOnComplete: { count: 1000 },
  removeOnFail: { count: 5000 },
} as const;

/**
 * A producer connection fails fast while Redis is unreachable (no offline queue), so the
 * outbox relay notices and keeps the rows; workers use blocking connections that wait.
 */
export function producerConnection(url: string, extra: RedisOptions = {}): Redis {
  return new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: false, ...extra });
}

export function workerConnection(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null });
}

export function createQueues(redisUrl: string, prefix: string): Record<QueueName, Queue> {
  return Object.fromEntries(
    QUEUES.map((name) => [
      name,
      new Queue(name, { connection: producerConnection(redisUrl), prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS }),
    ]),
  ) as Record<QueueName, Queue>;
}

export async function closeQueues(queues: Record<QueueName, Queue>): Promise<void> {
  await Promise.all(Object.values(queues).map((q) => q.close()));
}

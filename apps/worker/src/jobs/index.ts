import type { Job } from 'bullmq';
import type { QueueName } from '@klub/contracts';

/** A job handler; the worker issue adds one per job of `@klub/contracts` JOBS. */
export type Handler = (job: Job) => Promise<unknown>;

/** Handlers by job name. A queue with no handler gets no Worker, so its jobs wait in Redis. */
export const HANDLERS: Partial<Record<string, { queue: QueueName; handle: Handler }>> = {};

import { Worker } from 'bullmq';
import { pino } from 'pino';
import { initOrm } from '@klub/db';
import { QUEUES } from '@klub/contracts';
import { loadWorkerEnv } from './env.js';
import { OutboxRelay } from './outbox-relay.js';
import { closeQueues, createQueues, workerConnection } from './queues.js';
import { HANDLERS } from './jobs/index.js';

const env = loadWorkerEnv();
const log = pino({ level: env.LOG_LEVEL, base: { service: 'worker' } });

const orm = await initOrm(env.DATABASE_URL);
const queues = createQueues(env.REDIS_URL, env.QUEUE_PREFIX);
const relay = new OutboxRelay({ orm, queues, log });
relay.start();

const workers = QUEUES.flatMap((queue) => {
  const handlers = Object.entries(HANDLERS).filter(([, h]) => h?.queue === queue);
  if (handlers.length === 0) return [];
  const worker = new Worker(
    queue,
    async (job) => {
      const handler = HANDLERS[job.name];
      if (!handler) throw new Error(`no handler for job ${job.name}`);
      return handler.handle(job);
    },
    { connection: workerConnection(env.REDIS_URL), prefix: env.QUEUE_PREFIX, concurrency: env.WORKER_CONCURRENCY },
  );
  worker.on('failed', (job, err) => log.warn({ job: job?.name, id: job?.id, err: err.message }, 'job failed'));
  return [worker];
});
log.info({ queues: QUEUES, workers: workers.length }, 'worker started');

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, 'worker stopping');
  const timer = setTimeout(() => {
    log.error('shutdown took too long; exiting');
    process.exit(1);
  }, 30_000);
  timer.unref();
  // Workers first, so running jobs finish; then the relay, queues and the database.
  await Promise.all(workers.map((w) => w.close()));
  await relay.stop();
  await closeQueues(queues);
  await orm.close();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));

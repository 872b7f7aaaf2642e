import { pino } from 'pino';
import { loadEnvOrExit } from '@klub/config';
import { initOrm, withSecretKey } from '@klub/db';
import { HttpDarujmeClient } from '@klub/domain';
import { createMailer } from '@klub/emails';
import { OutboxRelay } from './outbox-relay.js';
import { closeQueues, createQueues } from './queues.js';
import { registerSchedulers, startWorkers } from './runtime.js';

const config = loadEnvOrExit();
const log = pino({ level: config.LOG_LEVEL, base: { service: 'worker' } });

const orm = await initOrm(config.DATABASE_URL);
// The same signing key as the API's (SECRET_KEY, or the installation's generated one), for any
// job that signs; made here when the worker is the installation's first process to start.
const env = await withSecretKey(config, orm, (message) => log.warn(message));
const queues = createQueues(env.REDIS_URL, env.QUEUE_PREFIX);
const mailer = createMailer(env.SMTP_URL, { maxConnections: Math.min(env.WORKER_CONCURRENCY, 10) });
// What the jobs write reaches the API's response caches through PostgreSQL's notifications.
const deps = { orm, env, log, mailer, darujme: new HttpDarujmeClient(env.DARUJME_URL) };

const relay = new OutboxRelay({ orm, queues, log });
relay.start();
const workers = startWorkers({
  deps,
  redisUrl: env.REDIS_URL,
  prefix: env.QUEUE_PREFIX,
  concurrency: { email: env.WORKER_CONCURRENCY, payments: env.PAYMENTS_CONCURRENCY, documents: 1, mailing: 1 },
});
const schedules = await registerSchedulers(queues, env);
log.info({ workers: workers.length, schedules }, 'worker started');

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, 'worker stopping');
  const timer = setTimeout(() => {
    log.error('shutdown took too long; exiting');
    process.exit(1);
  }, 60_000);
  timer.unref();
  // Workers first, so running jobs finish; then the relay, queues, mailer and the database.
  await Promise.all(workers.map((w) => w.close()));
  await relay.stop();
  await closeQueues(queues);
  mailer.close();
  await orm.close();
  log.info('worker stopped');
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));

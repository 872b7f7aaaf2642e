import type { Queue, Worker } from 'bullmq';
import { QueueEvents } from 'bullmq';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { QueueName } from '@klub/contracts';
import { loadEnv, type KeyedEnv } from '@klub/config';
import { initOrm, withSecretKey } from '@klub/db';
import { resetDatabase, runDatabaseUrl } from '@klub/db/testing';
import type { DarujmeClient } from '@klub/domain';
import { createMailer, type Mailer } from '@klub/emails';
import { startSmtpSink, type SmtpSink } from '@klub/emails/testing';
import type { WorkerDeps } from '../../src/jobs/index.js';
import { OutboxRelay } from '../../src/outbox-relay.js';
import { closeQueues, createQueues, workerConnection } from '../../src/queues.js';
import { startWorkers } from '../../src/runtime.js';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export const NO_DARUJME: DarujmeClient = {
  pledges: () => Promise.reject(new Error('Darujme is not reachable in this test')),
};

export interface Harness {
  orm: MikroORM;
  env: KeyedEnv;
  sink: SmtpSink;
  prefix: string;
  queues: Record<QueueName, Queue>;
  events: Record<QueueName, QueueEvents>;
  relay: OutboxRelay;
  deps: WorkerDeps;
  /** Starts the queue workers (closed after each test). */
  start(overrides?: Partial<WorkerDeps>): Worker[];
}

/**
 * The worker against real services: this run's migrated database (test/global-setup.ts, emptied
 * before each test), Redis under a key prefix of this file's own (obliterated afterwards) and an SMTP sink.
 */
export function useHarness(
  name: string,
  envOverrides: Record<string, string> = {},
  sinkOptions: Parameters<typeof startSmtpSink>[0] = {},
): Harness {
  const h = {} as Harness;
  let mailer: Mailer;
  let workers: Worker[] = [];
  beforeAll(async () => {
    h.orm = await initOrm(runDatabaseUrl());
    h.sink = await startSmtpSink(sinkOptions);
    h.prefix = `test-${name}-${process.pid}-${Date.now()}`;
    const config = loadEnv({
      NODE_ENV: 'test',
      SMTP_URL: h.sink.url,
      WEB_URL: 'https://klub.example.org/reset',
      SITE_NAME: 'Klub přátel',
      QUEUE_PREFIX: h.prefix,
      LOG_LEVEL: 'silent',
      ...envOverrides,
    });
    h.env = await withSecretKey(config, h.orm, () => undefined);
    mailer = createMailer(h.sink.url);
    h.queues = createQueues(REDIS_URL, h.prefix);
    h.events = {
      email: new QueueEvents('email', { connection: workerConnection(REDIS_URL), prefix: h.prefix }),
      payments: new QueueEvents('payments', { connection: workerConnection(REDIS_URL), prefix: h.prefix }),
      imports: new QueueEvents('imports', { connection: workerConnection(REDIS_URL), prefix: h.prefix }),
      documents: new QueueEvents('documents', { connection: workerConnection(REDIS_URL), prefix: h.prefix }),
      mailing: new QueueEvents('mailing', { connection: workerConnection(REDIS_URL), prefix: h.prefix }),
    };
    await Promise.all(Object.values(h.events).map((e) => e.waitUntilReady()));
    h.deps = { orm: h.orm, env: h.env, log: pino({ level: 'silent' }), mailer, darujme: NO_DARUJME };
    h.relay = new OutboxRelay({ orm: h.orm, queues: h.queues, log: h.deps.log });
    h.start = (overrides = {}) => {
      workers = startWorkers({
        deps: { ...h.deps, ...overrides },
        redisUrl: REDIS_URL,
        prefix: h.prefix,
        concurrency: { email: 4, payments: 1, documents: 1, mailing: 1 },
      });
      return workers;
    };
  });
  beforeEach(async () => {
    await resetDatabase(h.orm);
    h.sink.clear();
  });
  afterEach(async () => {
    await Promise.all(workers.map((w) => w.close()));
    workers = [];
    await Promise.all(Object.values(h.queues).map((q) => q.obliterate({ force: true })));
  });
  afterAll(async () => {
    await Promise.all(Object.values(h.events).map((e) => e.close()));
    await Promise.all(Object.values(h.queues).map((q) => q.obliterate({ force: true }).catch(() => undefined)));
    await closeQueues(h.queues);
    mailer.close();
    await h.sink.close();
    await h.orm.close();
  });
  return h;
}

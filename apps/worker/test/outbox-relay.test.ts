import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { Queue } from 'bullmq';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MikroORM } from '@mikro-orm/postgresql';
import { emailPasswordReset, type QueueName } from '@klub/contracts';
import { OutboxMessage, initOrm } from '@klub/db';
import { resetDatabase, runDatabaseUrl } from '@klub/db/testing';
import { enqueue } from '@klub/domain/outbox';
import { OutboxRelay } from '../src/outbox-relay.js';
import { closeQueues, createQueues } from '../src/queues.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const log = pino({ level: 'silent' });

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

/** A throw-away redis-server on its own port, so the test can stop "Redis" without touching the shared one. */
async function startRedis(port: number): Promise<ChildProcess> {
  const proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no']);
  await new Promise<void>((resolve, reject) => {
    proc.stdout?.on('data', (d: Buffer) => d.toString().includes('Ready to accept connections') && resolve());
    proc.on('exit', (code) => reject(new Error(`redis-server exited ${code}`)));
  });
  return proc;
}

function waitFor(predicate: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const tick = () =>
      void predicate().then((ok) => {
        if (ok) resolve();
        else if (Date.now() - started > timeoutMs) reject(new Error('timed out'));
        else setTimeout(tick, 100);
      }, reject);
    tick();
  });
}

const payload = {
  profileId: 1,
  email: 'a@example.org',
  username: 'ann',
  from: 'Unit <unit@example.org>',
  uid: 'MQ',
  token: 'abc',
  lang: 'cs' as const,
};

describe('outbox relay (ARCHITECTURE.md "Work that leaves the request")', () => {
  let orm: MikroORM;
  let prefix: string;
  let queues: Record<QueueName, Queue> | undefined;
  let relay: OutboxRelay | undefined;

  beforeAll(async () => {
    orm = await initOrm(runDatabaseUrl());
  });
  afterAll(async () => {
    await orm.close();
  });
  beforeEach(async () => {
    await resetDatabase(orm);
    prefix = `test-relay-${Date.now()}`;
  });
  afterEach(async () => {
    await relay?.stop();
    if (queues) {
      await Promise.all(Object.values(queues).map((q) => q.obliterate({ force: true }).catch(() => undefined)));
      await closeQueues(queues);
    }
    relay = undefined;
    queues = undefined;
  });

  it('publishes a committed row to its queue once, under the job id outbox-<id>', async () => {
    const em = orm.em.fork();
    const msg = await em.transactional(async (tx) => enqueue(tx, emailPasswordReset, payload));
    queues = createQueues(REDIS_URL, prefix);
    relay = new OutboxRelay({ orm, queues, log });
    expect(await relay.relayOnce()).toBe(1);
    expect(await relay.relayOnce()).toBe(0);
    const job = await queues.email.getJob(`outbox-${msg.id}`);
    expect(job?.name).toBe('email.password-reset');
    expect(job?.data).toEqual(payload);
    expect(await queues.email.count()).toBe(1);
    const row = await orm.em.fork().findOneOrFail(OutboxMessage, msg.id);
    expect(row.publishedAt).toBeInstanceOf(Date);
  });

  it('does not publish a row whose transaction rolled back', async () => {
    const em = orm.em.fork();
    await expect(
      em.transactional(async (tx) => {
        enqueue(tx, emailPasswordReset, payload);
        await tx.flush();
        throw new Error('the change that caused the job failed');
      }),
    ).rejects.toThrow('the change that caused the job failed');
    queues = createQueues(REDIS_URL, prefix);
    relay = new OutboxRelay({ orm, queues, log });
    expect(await relay.relayOnce()).toBe(0);
  });

  it('keeps a row written while Redis is down and delivers it once Redis is back', async () => {
    const port = await freePort();
    const url = `redis://127.0.0.1:${port}`;
    queues = createQueues(url, prefix);
    for (const q of Object.values(queues)) q.on('error', () => undefined);
    relay = new OutboxRelay({ orm, queues, log, idleDelayMs: 50, maxErrorDelayMs: 300 });
    relay.start();

    const msg = await orm.em.fork().transactional(async (tx) => enqueue(tx, emailPasswordReset, payload));
    await new Promise((r) => setTimeout(r, 1000));
    const pending = await orm.em.fork().findOneOrFail(OutboxMessage, msg.id);
    expect(pending.publishedAt).toBeNull();

    const redis = await startRedis(port);
    try {
      await waitFor(async () => (await orm.em.fork().findOneOrFail(OutboxMessage, msg.id)).publishedAt !== null);
      const job = await queues.email.getJob(`outbox-${msg.id}`);
      expect(job?.data).toEqual(payload);
    } finally {
      await relay.stop();
      await closeQueues(queues);
      queues = undefined;
      redis.kill('SIGTERM');
    }
  });
});

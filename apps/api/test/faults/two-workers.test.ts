import { setTimeout as sleep } from 'node:timers/promises';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import type { MikroORM } from '@mikro-orm/postgresql';
import { emailPasswordReset, QUEUES } from '@klub/contracts';
import { initOrm } from '@klub/db';
import { execute, resetDatabase } from '@klub/db/testing';
import { enqueue } from '@klub/domain/outbox';
import { privateRedis, smtpSink, startWorker, type Child, type RedisServer } from './helpers.js';

const EMAILS = 80;

/**
 * Issue 21 goal 4, the part of a multi-machine deployment testable here: two worker processes
 * (as two machines would run) on one database and one Redis. Both relay the outbox and both take
 * jobs; every e-mail leaves once, and the schedulers both register exist once.
 */
describe('two workers on one database', () => {
  let orm: MikroORM;
  let redis: RedisServer;
  let sink: Awaited<ReturnType<typeof smtpSink>>;
  const workers: Child[] = [];
  const prefix = `klub_fault_two_workers_${process.pid}`;

  beforeAll(async () => {
    orm = await initOrm(inject('apiDatabaseUrl'));
    await resetDatabase(orm);
    redis = await privateRedis();
    sink = await smtpSink();
  });

  afterAll(async () => {
    for (const w of workers) await w.stop('SIGKILL');
    await redis?.stop();
    await sink?.close();
    await orm?.close();
  });

  it('sends every e-mail exactly once and registers each schedule once', { timeout: 300_000 }, async () => {
    for (let i = 0; i < EMAILS; i++) {
      await orm.em.fork().transactional(async (tx) =>
        enqueue(tx, emailPasswordReset, {
          profileId: i + 1,
          email: `person-${i}@example.org`,
          username: `person${i}`,
          from: 'Klub <klub@example.org>',
          uid: 'NTc',
          token: `cbk5xa-${String(i).padStart(32, '0')}`,
          lang: 'cs',
        }),
      );
    }
    const env = {
      DATABASE_URL: inject('apiDatabaseUrl'),
      REDIS_URL: redis.url,
      QUEUE_PREFIX: prefix,
      SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
      WORKER_CONCURRENCY: '4',
    };
    workers.push(startWorker(env), startWorker(env));
    for (let i = 0; i < 3000 && sink.messages.length < EMAILS; i++) await sleep(100);
    await sleep(1_000); // a duplicate, if any, would arrive now
    const ids = sink.messages.map((m) => m.messageId);
    expect(ids).toHaveLength(EMAILS);
    expect(new Set(ids).size).toBe(EMAILS);
    const [claims] = await execute<Array<{ sent: string; attempts: string }>>(
      orm.em.fork(),
      `select count(*) filter (where status = 'sent') as sent, sum(attempts) as attempts from sent_email`,
    );
    expect({ sent: Number(claims!.sent), attempts: Number(claims!.attempts) }).toEqual({ sent: EMAILS, attempts: EMAILS });
    const [outbox] = await execute<Array<{ unpublished: string; published: string }>>(
      orm.em.fork(),
      'select count(*) filter (where published_at is null) as unpublished, count(*) filter (where attempts = 1) as published from outbox_message',
    );
    expect({ unpublished: Number(outbox!.unpublished), publishedOnce: Number(outbox!.published) }).toEqual({ unpublished: 0, publishedOnce: EMAILS });

    // Both started, both registered the schedules, and each schedule exists once.
    for (let i = 0; i < 600 && workers.some((w) => !w.lines.some((l) => l.msg === 'worker started')); i++) await sleep(100);
    const registered = workers.map((w) => w.lines.find((l) => l.msg === 'worker started')?.schedules);
    expect(registered[0]).toEqual(registered[1]);
    expect((registered[0] as string[]).length).toBeGreaterThan(0);
    const schedulers: string[] = [];
    for (const name of QUEUES) {
      const queue = new Queue(name, { connection: { url: redis.url }, prefix });
      schedulers.push(...(await queue.getJobSchedulers()).map((s) => s.key));
      await queue.close();
    }
    expect(schedulers.sort()).toEqual([...(registered[0] as string[])].sort());
  });
});

import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { API_DIR, WORKER_DIR, freePort, privateRedis, run, startApi, startWorker, type Child, type RedisServer } from './helpers.js';

/**
 * Issue 15 §5 / issue 16 §3: the API and the worker read the environment through one module, so
 * a value means the same to both (`DARUJME_ENABLED=on` was accepted by the API and refused by
 * the worker) and a bad one stops both with the same line.
 */
describe('one environment module for the API and the worker', () => {
  let redis: RedisServer;
  const children: Child[] = [];
  const env = (over: Record<string, string>) => ({
    DATABASE_URL: inject('apiDatabaseUrl'),
    REDIS_URL: redis.url,
    QUEUE_PREFIX: `klub_env_${process.pid}`,
    RATE_LIMIT_ENABLED: 'false',
    ...over,
  });

  beforeAll(async () => {
    redis = await privateRedis();
  });
  afterAll(async () => {
    await Promise.all(children.map((c) => c.stop()));
    await redis.stop();
  });

  it('both accept DARUJME_ENABLED=on, and the worker reads it as true', async () => {
    children.push(await startApi(await freePort(), env({ DARUJME_ENABLED: 'on' })));
    const worker = startWorker(env({ DARUJME_ENABLED: 'on' }));
    children.push(worker);
    let started: Record<string, unknown> | undefined;
    for (let i = 0; i < 300 && !started && worker.proc.exitCode === null; i++) {
      started = worker.lines.find((l) => l.msg === 'worker started');
      if (!started) await sleep(100);
    }
    expect(started, JSON.stringify(worker.lines.slice(-5))).toBeDefined();
    // On: the daily Darujme sync is scheduled.
    expect(started!.schedules).toContain('payments-darujme-sync-daily');
  }, 90_000);

  it('both refuse DARUJME_ENABLED=maybe with the same one-line message', async () => {
    const messages: string[] = [];
    for (const dir of [API_DIR, WORKER_DIR]) {
      const child = run(dir, { NODE_ENV: 'production', ...env({ DARUJME_ENABLED: 'maybe' }), PORT: String(await freePort()) });
      expect(await child.exited).toBe(1);
      messages.push(child.lines.map((l) => (typeof l.text === 'string' ? l.text : JSON.stringify(l))).join('\n'));
    }
    expect(messages[0]).toBe('Invalid environment variable DARUJME_ENABLED: must be true or false (also on/off, yes/no, 1/0) (got "maybe")');
    expect(messages[1]).toBe(messages[0]);
  }, 90_000);
});

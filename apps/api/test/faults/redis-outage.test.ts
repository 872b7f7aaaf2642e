import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import type { MikroORM } from '@mikro-orm/postgresql';
import { initOrm } from '@klub/db';
import { makeEvent, makeUnit, resetDatabase } from '@klub/db/testing';
import { createUserAccount } from '@klub/domain';
import { JwtService } from '../../src/auth/jwt.js';
import { freePort, privateRedis, smtpSink, startApi, startWorker, traffic, type Child, type RedisServer } from './helpers.js';

// A key of this run's own: none is written in the repository (issue 15 §1).
const SECRET = randomBytes(32).toString('base64url');

describe('Redis stopped for 10 s under traffic (issue 7)', () => {
  let orm: MikroORM;
  let redis: RedisServer;
  let sink: Awaited<ReturnType<typeof smtpSink>>;
  let api: Child;
  let worker: Child;
  let base: string;

  beforeAll(async () => {
    orm = await initOrm(inject('apiDatabaseUrl'));
    await resetDatabase(orm);
    redis = await privateRedis();
    sink = await smtpSink();
    const port = await freePort();
    const env = { DATABASE_URL: inject('apiDatabaseUrl'), REDIS_URL: redis.url, QUEUE_PREFIX: `klub_fault_redis_${process.pid}` };
    api = await startApi(port, { ...env, SECRET_KEY: SECRET, RATE_LIMIT_ENABLED: 'true' });
    worker = startWorker({ ...env, SMTP_URL: `smtp://127.0.0.1:${sink.port}` });
    base = `http://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    await api?.stop('SIGKILL');
    await worker?.stop('SIGKILL');
    await redis?.stop();
    await sink?.close();
    await orm?.close();
  });

  it('keeps answering reads and sign-ups; the sign-ups’ e-mails go out once Redis is back, each once', { timeout: 90_000 }, async () => {
    const em = orm.em.fork();
    const unit = await makeUnit(em, { fromEmailStr: 'Klub <klub@example.org>' });
    const event = await makeEvent(em, { slug: 'outage', administrativeUnits: [unit], publicOnWeb: true });
    const user = await createUserAccount(orm.em.fork(), { username: 'forms', email: 'forms@example.org', password: 'a long password 1' });
    const jwt = await new JwtService(SECRET).sign(user.id, 'access');
    let n = 0;
    const load = traffic([
      async () => ({ kind: 'read', status: (await fetch(`${base}/api/event/`, { signal: AbortSignal.timeout(10_000) })).status }),
      async () => {
        const email = `outage-${++n}@example.org`;
        const res = await fetch(`${base}/api/sign_up_for_event/`, {
          method: 'POST',
          headers: { authorization: `Bearer ${jwt}`, 'content-type': 'application/json' },
          body: JSON.stringify({ email, event: event.id }),
          signal: AbortSignal.timeout(10_000),
        });
        return { kind: 'signup', status: res.status, email };
      },
    ]);
    await sleep(1_500);
    const down = Date.now();
    await redis.stop();
    await sleep(10_000);
    const up = Date.now();
    await redis.start();
    await sleep(2_000);
    await load.stop();

    const during = load.outcomes.filter((o) => o.at > down && o.at < up);
    expect(during.filter((o) => o.kind === 'signup').length).toBeGreaterThan(5);
    expect(during.filter((o) => o.kind === 'read').length).toBeGreaterThan(5);
    const bad = load.outcomes.filter((o) => o.status !== 200);
    expect(bad, JSON.stringify(bad.slice(0, 5))).toEqual([]);
    expect(Math.max(...load.outcomes.map((o) => o.ms))).toBeLessThan(3_000);
    expect(api.lines.some((l) => l.msg === 'rate limiter unavailable: letting requests through')).toBe(true);

    // Every sign-up's confirmation is relayed and sent once Redis is back (the worker reconnects by itself).
    const emails = load.outcomes.filter((o) => o.kind === 'signup').map((o) => o.email!);
    for (let i = 0; i < 300 && sink.recipients.length < emails.length; i++) await sleep(100);
    expect([...sink.recipients].sort()).toEqual([...emails].sort());
    const [pending] = await orm.em.fork().getConnection().execute<Array<{ n: string }>>('select count(*) as n from outbox_message where published_at is null');
    expect(Number(pending!.n)).toBe(0);
  });
});

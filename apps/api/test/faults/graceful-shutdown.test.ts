import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import type { MikroORM } from '@mikro-orm/postgresql';
import { initOrm } from '@klub/db';
import { makeEvent, makeUnit, resetDatabase } from '@klub/db/testing';
import { createUserAccount } from '@klub/domain';
import { JwtService } from '../../src/auth/jwt.js';
import { freePort, startApi, type Child } from './helpers.js';

// A key of this run's own: none is written in the repository (issue 15 §1).
const SECRET = randomBytes(32).toString('base64url');

describe('graceful shutdown on SIGTERM (issue 7)', () => {
  let orm: MikroORM;
  let api: Child;
  let base: string;

  beforeAll(async () => {
    orm = await initOrm(inject('apiDatabaseUrl'));
    await resetDatabase(orm);
    const port = await freePort();
    api = await startApi(port, { DATABASE_URL: inject('apiDatabaseUrl'), SECRET_KEY: SECRET, RATE_LIMIT_ENABLED: 'false' });
    base = `http://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    await api?.stop('SIGKILL');
    await orm?.close();
  });

  it('finishes the request in flight, refuses new ones, and exits 0 in bounded time', { timeout: 60_000 }, async () => {
    const em = orm.em.fork();
    const event = await makeEvent(em, { slug: 'shutdown', administrativeUnits: [await makeUnit(em)] });
    const user = await createUserAccount(orm.em.fork(), { username: 'forms', email: 'forms@example.org', password: 'a long password 1' });
    const jwt = await new JwtService(SECRET).sign(user.id, 'access');
    const email = 'in-flight@example.org';

    // Hold the per-address lock a sign-up takes (domain/people), so the request stays in flight until released.
    const holder = orm.em.fork();
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    const holding = holder.transactional(async (tx) => {
      await tx.getConnection().execute(`select pg_advisory_xact_lock(hashtext('klub.email'), hashtext(?))`, [email], 'all', tx.getTransactionContext());
      await released;
    });
    await sleep(200);
    const inFlight = fetch(`${base}/api/sign_up_for_event/`, {
      method: 'POST',
      headers: { authorization: `Bearer ${jwt}`, 'content-type': 'application/json' },
      body: JSON.stringify({ email, event: event.id }),
    });
    await sleep(500);

    const stoppedAt = Date.now();
    api.proc.kill('SIGTERM');
    await sleep(300);
    // New connections are refused while the old request is still being served.
    const refused = await fetch(`${base}/api/event/`, { signal: AbortSignal.timeout(2_000) }).then(
      (r) => r.status,
      (e: Error) => (e.cause as { code?: string } | undefined)?.code ?? e.name,
    );
    expect(refused).toBe('ECONNREFUSED');
    expect(api.proc.exitCode).toBeNull();

    release();
    await holding;
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect((await res.json())).toEqual({ user_id: expect.any(Number) });
    expect(await api.exited).toBe(0);
    expect(Date.now() - stoppedAt).toBeLessThan(12_000);
    expect(api.lines.some((l) => l.msg === 'shutting down')).toBe(true);
    expect(api.lines.some((l) => l.msg === 'stopped')).toBe(true);
  });
});

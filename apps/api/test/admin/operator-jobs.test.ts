import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { initOrm, withSecretKey } from '@klub/db';
import { execute, makeDonorPaymentChannel, makeMoneyAccount, makeUnit, resetDatabase } from '@klub/db/testing';
import { createUserAccount, importStatement } from '@klub/domain';
import { createApp } from '../../src/app.js';
import { JwtService } from '../../src/auth/jwt.js';
import { createActorResolver } from '../../src/auth/resolve-actor.js';
import { SessionService } from '../../src/auth/sessions.js';
import { loadEnv } from '@klub/config';
import { JobQueues } from '../../src/jobs/job-queues.js';
import { queueDashboard } from '../../src/jobs/queue-dashboard.js';
import { createLogger } from '../../src/logger.js';

const KB = await readFile(new URL('../../../../packages/domain/test/fixtures/pohyby_kb.csv', import.meta.url));
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('operator job endpoints (operations.md §2–§4, issue 6 items 6–7)', () => {
  let server: Server;
  let url: string;
  let orm: MikroORM;
  let jobs: JobQueues;
  let jwt: JwtService;
  let sessions: SessionService;
  let storage: string;
  let n = 0;

  beforeAll(async () => {
    storage = await mkdtemp(join(tmpdir(), 'klub-api-statements-'));
    orm = await initOrm(inject('apiDatabaseUrl'));
    const env = await withSecretKey(loadEnv({ NODE_ENV: 'test', RATE_LIMIT_ENABLED: 'false', STORAGE_DIR: storage }), orm, () => undefined);
    jwt = new JwtService(env.SECRET_KEY);
    sessions = new SessionService(orm, false);
    jobs = new JobQueues(REDIS_URL, `test-api-jobs-${process.pid}`);
    const app = createApp({
      env,
      orm,
      logger: createLogger({ LOG_LEVEL: 'silent' }),
      resolveActor: createActorResolver({ jwt, sessions }),
      services: { jwt, sessions, jobs },
      queueDashboard: queueDashboard({ orm, sessions, jobs }),
    });
    server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  beforeEach(async () => {
    await resetDatabase(orm);
  });
  afterAll(async () => {
    await Promise.all(Object.values(jobs.queues).map((q) => q.obliterate({ force: true })));
    await jobs.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await orm.close();
    await rm(storage, { recursive: true, force: true });
  });

  async function account(flags: { isSuperuser?: boolean; isStaff?: boolean } = { isSuperuser: true, isStaff: true }) {
    n += 1;
    const profile = await createUserAccount(orm.em.fork(), {
      username: `op${n}`,
      email: `op${n}@example.org`,
      password: `pw-${n}-long-enough`,
      ...flags,
    });
    return {
      id: profile.id,
      headers: { authorization: `Bearer ${await jwt.sign(profile.id, 'access')}`, 'accept-language': 'en' },
    };
  }

  function upload(headers: Record<string, string>, fields: Record<string, string>, file = KB) {
    const form = new FormData();
    form.set('file', new Blob([file]), 'pohyby_kb.csv');
    for (const [k, v] of Object.entries(fields)) form.set(k, v);
    return fetch(`${url}/api/admin/account-statements/`, { method: 'POST', headers, body: form });
  }

  it('takes a statement upload with 202, queues its import, and shows the import’s result', async () => {
    const { headers } = await account();
    const em = orm.em.fork();
    const unit = await makeUnit(em);
    await makeMoneyAccount(em, { administrativeUnit: unit, bankAccountNumber: '999-99999999/2010' });
    await makeDonorPaymentChannel(em, {
      vs: '120127010',
      moneyAccount: await makeMoneyAccount(em, { administrativeUnit: unit }),
    });

    const res = await upload(headers, { type: 'account_kb', administrative_unit: String(unit.id) });
    expect(res.status).toBe(202);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      type: 'account_kb',
      administrative_unit: unit.id,
      status: 'queued',
      progress: 0,
      payments_total: 0,
      payments_paired: 0,
      errors: [],
      // The one naming scheme of the file storage: <kind>/<random>-<safe client name>.
      csv_file: expect.stringMatching(/^account_statements\/[0-9a-f]{16}-pohyby_kb\.csv$/),
    });
    const [outbox] = await execute(em, 'select job_name, payload from outbox_message');
    expect(outbox).toEqual({ job_name: 'payments.import-statement', payload: { accountStatementId: body.id } });

    // What the worker does with it (apps/worker runs the same function).
    await importStatement(orm.em.fork(), body.id as number, await readFile(join(storage, body.csv_file as string)));
    const detail = await fetch(`${url}/api/admin/account-statements/${body.id as number}/`, { headers });
    expect(detail.status).toBe(200);
    expect(await detail.json()).toMatchObject({
      status: 'done',
      progress: 100,
      payments_total: 3,
      payments_paired: 1,
      errors: [],
    });
  });

  it('checks the type and the unit, and refuses anyone but a superuser', async () => {
    const { headers } = await account();
    const unit = await makeUnit(orm.em.fork());
    const badType = await upload(headers, { type: 'account_xyz', administrative_unit: String(unit.id) });
    expect(badType.status).toBe(400);
    expect(await badType.json()).toEqual({ type: ['"account_xyz" is not a valid choice.'] });
    const badUnit = await upload(headers, { type: 'account_kb', administrative_unit: '999999' });
    expect(badUnit.status).toBe(400);
    expect(await badUnit.json()).toEqual({ administrative_unit: ['Invalid pk "999999" - object does not exist.'] });
    const staff = await account({ isStaff: true });
    expect((await upload(staff.headers, { type: 'account_kb', administrative_unit: String(unit.id) })).status).toBe(
      403,
    );
    expect(await execute(orm.em.fork(), 'select id from account_statement')).toEqual([]);
  });

  it('queues a payment check with 202 and shows the job from the outbox to the queue', async () => {
    const { id, headers } = await account();
    const res = await fetch(`${url}/api/admin/payments/check/`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(202);
    const body = (await res.json()) as { job_id: string; status_url: string };
    expect(body).toEqual({
      job_id: expect.stringMatching(/^outbox-\d+$/),
      status_url: `/api/admin/jobs/${body.job_id}/`,
    });
    const [outbox] = await execute(orm.em.fork(), 'select job_name, payload from outbox_message');
    expect(outbox).toEqual({ job_name: 'payments.check', payload: { requestedBy: id } });

    const pending = await fetch(`${url}${body.status_url}`, { headers });
    expect(pending.status).toBe(200);
    expect(await pending.json()).toMatchObject({
      id: body.job_id,
      name: 'payments.check',
      queue: 'payments',
      state: 'pending',
      progress: 0,
    });

    // The relay publishes it under the same id.
    await jobs.queues.payments.add('payments.check', { requestedBy: id }, { jobId: body.job_id });
    await execute(orm.em.fork(), 'update outbox_message set published_at = now()');
    const queued = await fetch(`${url}${body.status_url}`, { headers });
    expect(await queued.json()).toMatchObject({
      id: body.job_id,
      state: 'waiting',
      attempts_made: 0,
      failed_reason: null,
    });

    expect((await fetch(`${url}/api/admin/jobs/outbox-999999/`, { headers })).status).toBe(404);
  });

  it('serves the queue dashboard to superusers signed in with a browser session, and 403 to others', async () => {
    expect((await fetch(`${url}/admin/queues`)).status).toBe(403);
    const su = await account();
    const { setCookies } = await sessions.create(su.id);
    const cookie = setCookies.map((c) => c.split(';')[0]).join('; ');
    const page = await fetch(`${url}/admin/queues`, { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    const api = await fetch(`${url}/admin/queues/api/queues`, { headers: { cookie } });
    expect(api.status).toBe(200);
    expect(((await api.json()) as { queues: Array<{ name: string }> }).queues.map((q) => q.name).sort()).toEqual([
      'documents',
      'email',
      'imports',
      'mailing',
      'payments',
    ]);
    // A bearer token is not a browser session.
    expect((await fetch(`${url}/admin/queues`, { headers: su.headers })).status).toBe(403);
    const staff = await account({ isStaff: true });
    const staffSession = await sessions.create(staff.id);
    expect(
      (
        await fetch(`${url}/admin/queues`, {
          headers: { cookie: staffSession.setCookies.map((c) => c.split(';')[0]).join('; ') },
        })
      ).status,
    ).toBe(403);
  });
});

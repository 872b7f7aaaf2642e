import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { seedDemo } from '@klub/db';
import { dropTestDatabase, makeProfile, prepareTestDatabase, testDatabaseUrl } from '@klub/db/testing';
import { createUserAccount } from '@klub/domain';
import { startSmtpSink } from '@klub/emails/testing';
import { DORMANT, E2E_ENV, USERS } from './fixtures/users.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function waitUntilReady(url: string, child: ChildProcess, what: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what} not ready at ${url} after 60 s`);
}

function start(script: string, env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, [script], { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit'] });
}

/**
 * A fresh database with the demo data and the journeys' accounts, an SMTP sink, the built API
 * (which serves the built app at /app/) and the worker. The sink's messages are offered over a
 * small HTTP mailbox, because the tests run in another process.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const databaseUrl = testDatabaseUrl(`klub_web_e2e_${process.pid}`);
  const orm = await prepareTestDatabase(databaseUrl);
  try {
    const em = orm.em.fork();
    await seedDemo(em);
    for (const user of Object.values(USERS)) await createUserAccount(em.fork(), user);
    const { since, ...dormant } = DORMANT;
    await makeProfile(em.fork(), { ...dormant, dateJoined: since, created: since });
  } finally {
    await orm.close(true);
  }

  const sink = await startSmtpSink();
  const mailbox: Server = createServer((_req, res) => {
    res.setHeader('Content-Type', 'application/json');
    res.end(
      JSON.stringify(
        sink.messages.map((m) => ({ to: m.to && 'text' in m.to ? m.to.text : '', subject: m.subject, text: m.text })),
      ),
    );
  });
  await new Promise<void>((resolve) => mailbox.listen(0, '127.0.0.1', resolve));

  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const queuePrefix = `klub_e2e_${process.pid}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...E2E_ENV,
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    SMTP_URL: sink.url,
    QUEUE_PREFIX: queuePrefix,
    // One random key for the run, shared by the API and the worker (reset links are signed with it).
    SECRET_KEY: randomBytes(32).toString('base64'),
    WEB_URL: `${baseUrl}/app/`,
    LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'warn',
  };
  const api = start('apps/api/dist/main.js', env);
  const worker = start('apps/worker/dist/main.js', env);
  await waitUntilReady(`${baseUrl}/readyz`, api, 'the API');

  process.env.KLUB_E2E_URL = baseUrl;
  process.env.KLUB_E2E_MAILBOX = `http://127.0.0.1:${(mailbox.address() as AddressInfo).port}`;

  return async () => {
    const exited = [api, worker].map(
      (c) => new Promise((resolve) => (c.exitCode === null ? c.once('exit', resolve) : resolve(null))),
    );
    api.kill('SIGTERM');
    worker.kill('SIGTERM');
    await Promise.race([Promise.all(exited), new Promise((r) => setTimeout(r, 10_000))]);
    await new Promise<void>((resolve) => mailbox.close(() => resolve()));
    await sink.close();
    await dropTestDatabase(databaseUrl);
    // The run's queues; redis-cli is there wherever Redis is (scripts/ensure-env.sh).
    spawnSync('sh', ['-c', `redis-cli --scan --pattern '${queuePrefix}:*' | xargs -r redis-cli del >/dev/null`]);
  };
}

/**
 * `pnpm bench:http` — issue 7's HTTP benchmark. Starts the real API (`apps/api/src/main.ts`, as
 * `pnpm start` runs it) and the worker (`apps/worker/src/main.ts`, relaying the sign-ups' outbox
 * rows and sending their e-mails to a local SMTP sink) on the database `pnpm bench:seed` filled.
 * Rate limits are on with their production values, except the per-address ones, raised because
 * every request comes from this one address (issue 16 §2: the realistic path). Then for each
 * endpoint runs autocannon (32 connections, 10 s) and, right after, the same load against a bare
 * `node:http` server answering the very bytes the API answered: the ceiling of this machine.
 * Prints one table (req/s, p50, p99, errors, ceiling, ratio) and writes results.json.
 * Each load is measured after `--warmup` seconds of the same load (default 5), so the figures are
 * the steady state of a running server, not its first seconds (JIT, prepared statements, pools).
 *   --duration 10 --warmup 5 --connections 32 --only "page 1"
 * `--soak`: issue 7's soak instead — 200 connections for 60 s of mixed reads, sign-ups and token
 * requests; prints errors and the API's resident memory at start and end.
 */
import { readFileSync } from 'node:fs';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { initOrm } from '@klub/db';
import { createOAuthApplication } from '@klub/domain';
import { startSmtpSink } from '@klub/emails/testing';
import { BENCH_MEMBER, BENCH_PASSWORD, BENCH_USER, benchDatabaseUrl } from './config.js';

const { values } = parseArgs({
  // pnpm passes its `--` separator through.
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '5' },
    connections: { type: 'string', default: '32' },
    only: { type: 'string' },
    /** The mixed-traffic soak instead: reads, sign-ups and token requests, 200 connections, 60 s. */
    soak: { type: 'boolean', default: false },
  },
});
const DURATION = Number(values.duration);
const WARMUP = Number(values.warmup);
const CONNECTIONS = Number(values.connections);
const root = fileURLToPath(new URL('../..', import.meta.url));

interface Endpoint {
  name: string;
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  /** A fresh body per request (sign-ups use a new e-mail each time). */
  body?: () => string;
  /** The original system's throughput on this machine (issue 7), where measured. */
  original?: number;
  /** issue 7's target in req/s. */
  target: number;
  /** The status every answer must have (default: any 2xx). */
  status?: number;
}

interface Result {
  name: string;
  skipped?: string;
  rps?: number;
  p50?: number;
  p99?: number;
  errors?: number;
  ceiling?: number;
  ratio?: number;
  original?: number;
  target?: number;
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

const BENCH_SECRET_KEY = randomBytes(32).toString('base64url');
/** Per-address limits far above what one machine can send: the load comes from one address. */
const ONE_ADDRESS = '100000000/60';

function processEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: 'production',
    // A key of this run's own: no key is written in the repository (issue 15 §1).
    SECRET_KEY: BENCH_SECRET_KEY,
    DATABASE_URL: benchDatabaseUrl(),
    // Queues and rate-limit keys of this run only (other benchmarks may share the Redis).
    QUEUE_PREFIX: `klub_bench_http_${process.pid}`,
    LOG_LEVEL: 'info',
    ...extra,
  };
}

/** The worker, as `pnpm start` runs it: relays the sign-ups' outbox rows and sends their e-mails. */
function startWorker(smtpUrl: string): ChildProcess {
  // The worker package does not depend on tsx: this package's own.
  return spawn(process.execPath, ['--import', import.meta.resolve('tsx'), 'src/main.ts'], {
    cwd: `${root}apps/worker`,
    env: processEnv({ SMTP_URL: smtpUrl, SITE_NAME: 'Klub', WEB_URL: 'https://klub.example/' }),
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function startApi(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: `${root}apps/api`,
    env: processEnv({
      PORT: String(port),
      RATE_LIMIT_ENABLED: 'true',
      RATE_LIMIT_SIGNUP_IP: ONE_ADDRESS,
      RATE_LIMIT_GENERAL_IP: ONE_ADDRESS,
      RATE_LIMIT_TOKEN_IP: ONE_ADDRESS,
      SUM_LAST_MONTH_PAYMENTS: '100',
    }),
    // Request logs are written as in production; here they go nowhere.
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  // A busy machine (other processes' load) can take a minute to start tsx and the API.
  for (let i = 0; i < 450; i++) {
    await sleep(200);
    const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.status === 200, () => false);
    if (ok) return child;
  }
  child.kill('SIGKILL');
  throw new Error('the API did not become ready within 90 s');
}

/** A client-credentials token of a new OAuth application, as the public forms' back ends hold. */
async function clientToken(base: string): Promise<string> {
  const orm = await initOrm(benchDatabaseUrl());
  try {
    const { application, clientSecret } = await createOAuthApplication(orm.em.fork(), {
      name: `bench ${process.pid} ${Date.now()}`,
      scopes: 'read write can_create_userprofile_interaction',
      grant: 'client-credentials',
    });
    const res = await fetch(`${base}/api/o/token/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credentials', client_id: application.clientId, client_secret: clientSecret }),
    });
    if (res.status !== 200) throw new Error(`client token: ${res.status}`);
    return ((await res.json()) as { access_token: string }).access_token;
  } finally {
    await orm.close();
  }
}

async function token(base: string, username: string): Promise<string> {
  const res = await fetch(`${base}/api/token/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: BENCH_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`token for ${username}: ${res.status} (run pnpm bench:seed first)`);
  return ((await res.json()) as { access: string }).access;
}

async function load(url: string, e: Endpoint): Promise<Omit<Result, 'name'>> {
  const r = await autocannon({
    url,
    method: e.method,
    connections: CONNECTIONS,
    duration: DURATION,
    ...(WARMUP > 0 ? { warmup: { duration: WARMUP } } : {}),
    headers: { accept: 'application/json', ...(e.body ? { 'content-type': 'application/json' } : {}), ...e.headers },
    ...(e.body ? { requests: [{ setupRequest: (req: autocannon.Request) => ({ ...req, body: e.body!() }) }] } : {}),
  });
  // A load that must be refused counts its other answers as errors.
  const unexpected =
    e.status === undefined ? r.non2xx : r.requests.total - (r.statusCodeStats?.[`${e.status}`]?.count ?? 0);
  return {
    rps: Math.round(r.requests.average),
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.timeouts + unexpected,
  };
}

/** A server that answers every request with the captured status, type and bytes. */
async function ceilingServer(status: number, type: string | null, body: Buffer): Promise<{ url: string; server: Server }> {
  const headers: Record<string, string | number> = { 'content-length': body.length };
  if (type) headers['content-type'] = type;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(status, headers);
      res.end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

function rssMb(pid: number | undefined): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
}

const port = await freePort();
const base = `http://127.0.0.1:${port}`;
console.error(`… starting the API on ${base} (database ${new URL(benchDatabaseUrl()).pathname.slice(1)})`);
const smtp = await startSmtpSink({ parse: false });
const worker = startWorker(smtp.url);
const api = await startApi(port).catch((err: unknown) => {
  worker.kill('SIGTERM');
  throw err;
});
const results: Result[] = [];
let mails = 0;
try {
  const client = await clientToken(base);
  const admin = await token(base, BENCH_USER);
  const member = await token(base, BENCH_MEMBER);
  const page = (await (await fetch(`${base}/api/bronto/event/`)).json()) as { results: Array<{ id: number }> };
  const eventId = page.results[0]?.id;
  const signUpEvent = 1;
  let n = 0;
  const runId = Date.now().toString(36);
  const endpoints: Endpoint[] = [
    { name: 'GET /api/bronto/event/ (page 1)', method: 'GET', path: '/api/bronto/event/', original: 65, target: 1300 },
    { name: 'GET /api/bronto/event/?page=50', method: 'GET', path: '/api/bronto/event/?page=50', original: 65, target: 1300 },
    { name: 'GET /api/bronto/event/{id}/', method: 'GET', path: `/api/bronto/event/${eventId}/`, original: 240, target: 4800 },
    { name: 'GET /api/bronto/administrative_unit/', method: 'GET', path: '/api/bronto/administrative_unit/', original: 260, target: 5200 },
    {
      name: 'GET /api/check_last_payment/ (JWT)',
      method: 'GET',
      path: '/api/check_last_payment/',
      headers: { authorization: `Bearer ${member}` },
      original: 510,
      target: 10200,
    },
    {
      name: 'POST /api/sign_up_for_event/ (OAuth client)',
      method: 'POST',
      path: '/api/sign_up_for_event/',
      headers: { authorization: `Bearer ${client}` },
      body: () => JSON.stringify({ email: `bench-${runId}-${++n}@example.org`, first_name: 'Bench', event: signUpEvent }),
      target: 1000,
    },
    {
      name: 'POST /api/sign_up_for_event/ (JWT)',
      method: 'POST',
      path: '/api/sign_up_for_event/',
      headers: { authorization: `Bearer ${admin}` },
      body: () => JSON.stringify({ email: `bench-${runId}-${++n}@example.org`, first_name: 'Bench', event: signUpEvent }),
      target: 1000,
    },
    {
      // Everything a JWT sign-up costs but its own work: HTTP, express, body parsing, the user
      // lookup of the token, trpc-to-openapi, tRPC, zod, the 400. The floor under any sign-up.
      name: 'POST /api/sign_up_for_event/ (JWT), invalid body: 400',
      method: 'POST',
      path: '/api/sign_up_for_event/',
      headers: { authorization: `Bearer ${admin}` },
      // A new address each time: the per-address limit of sign-ups (production's) counts refusals too.
      body: () => JSON.stringify({ email: `not an e-mail ${++n}`, event: signUpEvent }),
      status: 400,
      target: 1000,
    },
    {
      name: 'GET /api/frontend/users/?q=nov (JWT, staff)',
      method: 'GET',
      path: '/api/frontend/users/?q=nov',
      headers: { authorization: `Bearer ${admin}` },
      target: 1000,
    },
  ];
  if (values.soak) {
    let s = 0;
    const rssStart = rssMb(api.pid);
    // Resident memory every 10 s: a leak grows steadily, a warmed-up process levels off.
    const rssSeries: number[] = [];
    const sampler = setInterval(() => rssSeries.push(rssMb(api.pid)), 10_000);
    const r = await autocannon({
      url: base,
      connections: Number(values.connections === '32' ? 200 : values.connections),
      duration: values.duration === '10' ? 60 : DURATION,
      requests: [
        { method: 'GET', path: '/api/bronto/event/' },
        { method: 'GET', path: `/api/bronto/event/${eventId}/` },
        { method: 'GET', path: '/api/bronto/administrative_unit/' },
        { method: 'GET', path: '/api/check_last_payment/', headers: { authorization: `Bearer ${member}` } },
        {
          method: 'POST',
          path: '/api/sign_up_for_event/',
          headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
          setupRequest: (req: autocannon.Request) => ({ ...req, body: JSON.stringify({ email: `soak-${runId}-${++s}@example.org`, event: signUpEvent }) }),
        },
        { method: 'POST', path: '/api/token/', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: BENCH_MEMBER, password: BENCH_PASSWORD }) },
      ],
    });
    clearInterval(sampler);
    await sleep(2_000);
    const rssEnd = rssMb(api.pid);
    console.log(
      `\nsoak: ${r.connections} connections, ${r.duration} s, mixed (event list, event detail, units, check_last_payment, sign-up, token)`,
    );
    console.log(`requests ${r.requests.total}, ${Math.round(r.requests.average)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms`);
    console.log(`errors ${r.errors}, timeouts ${r.timeouts}, non-2xx ${r.non2xx}; API RSS ${rssStart} MB at start, ${rssEnd} MB at end (every 10 s: ${rssSeries.join(', ')} MB)`);
    writeFileSync(new URL('soak.json', import.meta.url), JSON.stringify({ requests: r.requests, latency: r.latency, errors: r.errors, timeouts: r.timeouts, non2xx: r.non2xx, rssStart, rssSeries, rssEnd }, null, 2));
    api.kill('SIGTERM');
    worker.kill('SIGTERM');
    process.exit(0);
  }
  const doc = (await (await fetch(`${base}/api/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
  for (const e of endpoints) {
    if (values.only && !e.name.includes(values.only)) continue;
    // An endpoint that does not exist yet is skipped, and the table says so.
    const template = e.path.split('?')[0]!.replace('/api/bronto/', '/api/').replace(/\/\d+\//, '/{id}/').replace(/^\/api/, '');
    if (!doc.paths[template]?.[e.method.toLowerCase()]) {
      results.push({ name: e.name, skipped: 'not implemented yet' });
      continue;
    }
    const probe = await fetch(base + e.path, {
      method: e.method,
      headers: { accept: 'application/json', 'content-type': 'application/json', ...e.headers },
      body: e.body?.(),
    });
    const bytes = Buffer.from(await probe.arrayBuffer());
    if (probe.status !== (e.status ?? probe.status) || (e.status === undefined && probe.status >= 400)) throw new Error(`${e.name}: probe answered ${probe.status} ${bytes.toString().slice(0, 200)}`);
    console.error(`… ${e.name}: ${probe.status}, ${bytes.length} bytes`);
    const measured = await load(base + e.path, e);
    const ceiling = await ceilingServer(probe.status, probe.headers.get('content-type'), bytes);
    const bare = await load(ceiling.url + e.path, { ...e, headers: {} });
    ceiling.server.close();
    results.push({
      name: e.name,
      ...measured,
      ceiling: bare.rps,
      ratio: measured.rps! / bare.rps!,
      original: e.original,
      target: e.target,
    });
  }
} finally {
  api.kill('SIGTERM');
  // The worker had the whole run to catch up with the sign-ups' e-mails: how far it got.
  mails = smtp.received;
  worker.kill('SIGTERM');
  await smtp.close();
}

const rows = results.map((r) =>
  r.skipped
    ? `| ${r.name} | skipped: ${r.skipped} | | | | | | |`
    : `| ${r.name} | ${r.rps} | ${r.p50} ms | ${r.p99} ms | ${r.errors} | ${r.ceiling} | ${(r.ratio! * 100).toFixed(0)} % | ${r.original ? `${(r.rps! / r.original).toFixed(0)}× (${r.original})` : '—'} |`,
);
console.log(
  `\n${CONNECTIONS} connections, ${DURATION} s each after ${WARMUP} s of warm-up, ${new Date().toISOString().slice(0, 10)}; ` +
    `rate limits on (per-address ones raised), worker running: ${mails} e-mails reached the SMTP sink\n`,
);
console.log('| endpoint | req/s | p50 | p99 | errors | bare node:http req/s | of ceiling | vs original (req/s) |');
console.log('|---|---|---|---|---|---|---|---|');
console.log(rows.join('\n'));
writeFileSync(new URL('results.json', import.meta.url), JSON.stringify({ connections: CONNECTIONS, duration: DURATION, warmup: WARMUP, results }, null, 2));

/**
 * `pnpm bench:http` — the HTTP benchmark (issues 7, 16, 21). Runs the built API as `pnpm start`
 * does (`node apps/api/dist/main.js`: WEB_CONCURRENCY processes on one port) and the worker
 * (`apps/worker/dist/main.js`: relays the sign-ups' outbox rows, sends their e-mails to a local
 * SMTP sink) on the database `pnpm bench:seed` filled. Rate limits are on with their production
 * values, except the per-address ones, raised because every request comes from this one address.
 * The load generator runs in a process of its own (load.ts; autocannon, or wrk for GET rows when
 * installed), and so does the ceiling (ceiling.mjs: a bare node:http server answering the very
 * bytes the API answered).
 *
 * Modes:
 * - default: one row per endpoint, each figure the median of `--rounds` (3) loads; with
 *   PEER_URL set (the DRF peer of ../shared/peer) the five read rows also load the peer,
 *   alternating peer and ours within each round. Every row says whether the cache was on and
 *   whether writes ran meanwhile.
 * - `--mix`: 90 % reads (the five read rows) and 10 % sign-ups at 32 connections; each kind's
 *   throughput and p50/p99.
 * - `--soak`: 200 connections for 60 s of the mix plus token requests; per kind, and the API's
 *   resident memory (all its processes) every 10 s.
 * A/B switches: `--cache off` (RESPONSE_CACHE_MB=0), `--processes N` (WEB_CONCURRENCY; default as
 * `pnpm start`: one per core), `--worker off`, `--rate-limits off`, `--cpu-prof DIR` (V8 profiles
 * of the API's and the worker's processes, written when they stop).
 *   --duration 10 --warmup 5 --connections 32 --rounds 3 --only "page 1"
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { initOrm } from '@klub/db';
import { execute } from '@klub/db/testing';
import { createOAuthApplication } from '@klub/domain';
import { startSmtpSink } from '@klub/emails/testing';
import { BENCH_MEMBER, BENCH_PASSWORD, BENCH_USER, benchDatabaseUrl } from './config.js';
import type { LoadKind, LoadResult, LoadSpec } from './load.js';

const { values } = parseArgs({
  // pnpm passes its `--` separator through.
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    duration: { type: 'string' },
    warmup: { type: 'string', default: '5' },
    connections: { type: 'string' },
    rounds: { type: 'string', default: '3' },
    only: { type: 'string' },
    cache: { type: 'string', default: 'on' },
    processes: { type: 'string', default: String(availableParallelism()) },
    worker: { type: 'string', default: 'on' },
    'rate-limits': { type: 'string', default: 'on' },
    'cpu-prof': { type: 'string' },
    tool: { type: 'string' },
    mix: { type: 'boolean', default: false },
    soak: { type: 'boolean', default: false },
  },
});
const MODE = values.soak ? 'soak' : values.mix ? 'mix' : 'rows';
const DURATION = Number(values.duration ?? (MODE === 'soak' ? 60 : 10));
const WARMUP = Number(values.warmup);
const CONNECTIONS = Number(values.connections ?? (MODE === 'soak' ? 200 : 32));
const ROUNDS = Math.max(1, Number(values.rounds));
const CACHE = values.cache !== 'off';
const PROCESSES = Number(values.processes);
const WORKER = values.worker !== 'off';
const RATE_LIMITS = values['rate-limits'] !== 'off';
const PEER_URL = process.env.PEER_URL?.replace(/\/$/, '');
const HAVE_WRK = spawnSync('wrk', ['--version']).error === undefined;
const root = fileURLToPath(new URL('../..', import.meta.url));
const here = fileURLToPath(new URL('.', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'klub-bench-http-'));

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
const QUEUE_PREFIX = `klub_bench_http_${process.pid}`;

function processEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: 'production',
    // A key of this run's own: no key is written in the repository (issue 15 §1).
    SECRET_KEY: BENCH_SECRET_KEY,
    DATABASE_URL: benchDatabaseUrl(),
    // Queues and rate-limit keys of this run only (other benchmarks may share the Redis).
    QUEUE_PREFIX,
    LOG_LEVEL: 'info',
    ...extra,
  };
}

/** `node [--cpu-prof] <entry>`, logs to a file of this run (request logs are written as in production). */
function startNode(name: string, entry: string, env: NodeJS.ProcessEnv): ChildProcess {
  const prof = values['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir', join(values['cpu-prof'], name)] : [];
  const child = spawn(process.execPath, [...prof, entry], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const log = createWriteStream(join(work, `${name}.log`));
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  return child;
}

async function startApi(port: number): Promise<ChildProcess> {
  const child = startNode(
    'api',
    'apps/api/dist/main.js',
    processEnv({
      PORT: String(port),
      WEB_CONCURRENCY: String(PROCESSES),
      RESPONSE_CACHE_MB: CACHE ? (process.env.RESPONSE_CACHE_MB ?? '64') : '0',
      RATE_LIMIT_ENABLED: String(RATE_LIMITS),
      RATE_LIMIT_SIGNUP_IP: ONE_ADDRESS,
      RATE_LIMIT_GENERAL_IP: ONE_ADDRESS,
      RATE_LIMIT_TOKEN_IP: ONE_ADDRESS,
      SUM_LAST_MONTH_PAYMENTS: '100',
    }),
  );
  for (let i = 0; i < 450; i++) {
    await sleep(200);
    if (child.exitCode !== null) throw new Error(`the API exited (${child.exitCode}); see ${work}/api.log`);
    const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.status === 200, () => false);
    if (ok) {
      await sleep(500 * PROCESSES); // the other processes of the cluster finish starting
      return child;
    }
  }
  child.kill('SIGKILL');
  throw new Error('the API did not become ready within 90 s');
}

async function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return;
  const gone = new Promise((r) => child.on('exit', r));
  child.kill('SIGTERM');
  await Promise.race([gone, sleep(15_000).then(() => child.kill('SIGKILL'))]);
}

/** One load, generated in a process of its own (asynchronously: this process samples memory meanwhile). */
async function load(spec: LoadSpec): Promise<LoadResult> {
  const file = join(work, `spec-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(spec));
  const child = spawn(process.execPath, ['--import', 'tsx', 'load.ts', file], { cwd: here, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`load generator failed: ${err}`);
  return JSON.parse(out) as LoadResult;
}

/** The ceiling for one answer: ceiling.mjs in a process of its own, loaded like the API. */
async function ceiling(kind: LoadKind, status: number, type: string | null, body: Buffer, tool: LoadSpec['tool']): Promise<number> {
  const file = join(work, 'ceiling.body');
  writeFileSync(file, body);
  const server = spawn(process.execPath, [join(here, 'ceiling.mjs'), String(status), type ?? '', file], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve) => server.stdout!.once('data', (d: Buffer) => resolve(d.toString().trim())));
  try {
    const { headers: _h, ...bare } = kind;
    return (await load({ base: `http://127.0.0.1:${port}`, connections: CONNECTIONS, duration: DURATION, warmup: WARMUP, kinds: [bare], tool })).rps;
  } finally {
    server.kill('SIGTERM');
  }
}

/** The resident memory of the API: its process and, in a cluster, the processes it forked. */
function apiRssMb(pid: number): number {
  const rss = (p: string) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0);
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean);
  return Math.round([String(pid), ...children].reduce((sum, p) => sum + rss(p), 0) / 1024);
}

/** CPU seconds used so far by a process and the processes it forked (utime + stime, /proc). */
function cpuSeconds(pid: number | undefined): number {
  if (!pid) return 0;
  const ticks = (p: string) => {
    try {
      const f = readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return Number(f[11]) + Number(f[12]);
    } catch {
      return 0;
    }
  };
  let children: string[] = [];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean);
  } catch {
    /* gone */
  }
  return [String(pid), ...children].reduce((sum, p) => sum + ticks(p), 0) / 100;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function peerToken(): Promise<string> {
  const res = await fetch(`${PEER_URL}/api/token/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: process.env.PEER_USER ?? 'user00001', password: process.env.PEER_PASSWORD ?? 'peer-password' }),
  });
  if (res.status !== 200) throw new Error(`peer token: ${res.status}`);
  return ((await res.json()) as { access: string }).access;
}

// ---------------------------------------------------------------------------------------------

const orm = await initOrm(benchDatabaseUrl());
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
console.error(
  `… API: ${PROCESSES} process(es) on ${base}, cache ${CACHE ? 'on' : 'off'}, rate limits ${RATE_LIMITS ? 'on' : 'off'}, ` +
    `worker ${WORKER ? 'on' : 'off'}; database ${new URL(benchDatabaseUrl()).pathname.slice(1)}; logs in ${work}`,
);
const startedAt = (await execute<Array<{ now: Date }>>(orm.em.fork(), 'select now()'))[0]!.now;
const smtp = await startSmtpSink({ parse: false });
const worker = WORKER
  ? startNode('worker', 'apps/worker/dist/main.js', processEnv({ SMTP_URL: smtp.url, SITE_NAME: 'Klub', WEB_URL: 'https://klub.example/' }))
  : undefined;
let api: ChildProcess | undefined;
const lines: string[] = [];
try {
  api = await startApi(port);
  const { application, clientSecret } = await createOAuthApplication(orm.em.fork(), {
    name: `bench ${process.pid} ${Date.now()}`,
    scopes: 'read write can_create_userprofile_interaction',
    grant: 'client-credentials',
  });
  const post = async (path: string, body: unknown) =>
    fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const client = ((await (await post('/api/o/token/', { grant_type: 'client_credentials', client_id: application.clientId, client_secret: clientSecret })).json()) as { access_token: string }).access_token;
  const token = async (username: string) => {
    const res = await post('/api/token/', { username, password: BENCH_PASSWORD });
    if (res.status !== 200) throw new Error(`token for ${username}: ${res.status} (run pnpm bench:seed first)`);
    return ((await res.json()) as { access: string }).access;
  };
  const admin = await token(BENCH_USER);
  const member = await token(BENCH_MEMBER);
  const eventId = ((await (await fetch(`${base}/api/bronto/event/`)).json()) as { results: Array<{ id: number }> }).results[0]?.id;
  const runId = Date.now().toString(36);
  const signUp = (name: string, bearer: string): LoadKind => ({
    name,
    method: 'POST',
    path: '/api/sign_up_for_event/',
    headers: { authorization: `Bearer ${bearer}` },
    body: JSON.stringify({ email: `bench-${runId}-{n}@example.org`, first_name: 'Bench', event: 1 }),
  });
  const reads: LoadKind[] = [
    { name: 'GET /api/bronto/event/ (page 1)', method: 'GET', path: '/api/bronto/event/' },
    { name: 'GET /api/bronto/event/?page=50', method: 'GET', path: '/api/bronto/event/?page=50' },
    { name: 'GET /api/bronto/event/{id}/', method: 'GET', path: `/api/bronto/event/${eventId}/` },
    { name: 'GET /api/bronto/administrative_unit/', method: 'GET', path: '/api/bronto/administrative_unit/' },
    { name: 'GET /api/check_last_payment/ (JWT)', method: 'GET', path: '/api/check_last_payment/', headers: { authorization: `Bearer ${member}` } },
  ];
  const settings = `API ${PROCESSES} process(es) from dist, cache ${CACHE ? 'on' : 'off'}, rate limits ${RATE_LIMITS ? 'on (per-address raised)' : 'off'}, worker ${WORKER ? 'on' : 'off'}`;

  if (MODE !== 'rows') {
    // 9 reads (each of the five rows, the list and detail ones twice) to 1 sign-up; the soak adds a login.
    const mix: LoadKind[] = [
      ...reads.map((k, i) => ({ ...k, weight: i < 4 ? 2 : 1 })),
      signUp('POST /api/sign_up_for_event/ (OAuth client)', client),
      ...(MODE === 'soak'
        ? [{ name: 'POST /api/token/', method: 'POST' as const, path: '/api/token/', body: JSON.stringify({ username: BENCH_MEMBER, password: BENCH_PASSWORD }) }]
        : []),
    ];
    const rss: number[] = [];
    const rssStart = apiRssMb(api.pid!);
    const sampler = setInterval(() => rss.push(apiRssMb(api!.pid!)), 10_000);
    const r = await load({ base, connections: CONNECTIONS, duration: DURATION, warmup: MODE === 'soak' ? 0 : WARMUP, kinds: mix });
    clearInterval(sampler);
    lines.push(
      `${MODE === 'soak' ? 'soak' : 'mixed load'}: ${CONNECTIONS} connections, ${DURATION} s${MODE === 'soak' ? '' : ` after ${WARMUP} s of warm-up`}, ${r.tool}; ${settings}; writes: the sign-ups of the mix`,
      '',
      '| kind | share | requests | req/s | p50 | p99 | errors |',
      '|---|---|---|---|---|---|---|',
      ...r.kinds.map((k) => {
        const weight = mix.find((m) => m.name === k.name)?.weight ?? 1;
        const share = (100 * weight) / mix.reduce((s, m) => s + (m.weight ?? 1), 0);
        return `| ${k.name} | ${share.toFixed(0)} % | ${k.requests} | ${k.rps} | ${k.p50} ms | ${k.p99} ms | ${k.errors} |`;
      }),
      `| all | 100 % | | ${r.rps} | ${r.p50} ms | ${r.p99} ms | ${r.errors} (socket) |`,
      '',
      `API RSS (all processes): ${rssStart} MB at start, every 10 s: ${rss.join(', ')} MB`,
    );
    writeFileSync(join(here, `${MODE}.json`), JSON.stringify({ settings, connections: CONNECTIONS, duration: DURATION, ...r, rssStart, rss }, null, 2));
  } else {
    const peer = PEER_URL ? { token: await peerToken() } : undefined;
    const peerEvent = PEER_URL
      ? ((await (await fetch(`${PEER_URL}/api/bronto/event/`)).json()) as { results: Array<{ id: number }> }).results[0]?.id
      : undefined;
    const rows: Array<LoadKind & { writes: boolean }> = [
      ...reads.map((k) => ({ ...k, writes: false })),
      { ...signUp('POST /api/sign_up_for_event/ (OAuth client)', client), writes: true },
      { ...signUp('POST /api/sign_up_for_event/ (JWT)', admin), writes: true },
      {
        // Everything a sign-up costs but its own work: HTTP, express, body parsing, the token, the
        // rate limits, trpc-to-openapi, tRPC, zod, the 400. The floor under any sign-up.
        name: 'POST /api/sign_up_for_event/ (OAuth client), invalid body: 400 (the floor)',
        method: 'POST',
        path: '/api/sign_up_for_event/',
        headers: { authorization: `Bearer ${client}` },
        // A new address each time: the per-address limit of sign-ups (production's) counts refusals too.
        body: JSON.stringify({ email: 'not an e-mail {n}', event: 1 }),
        status: 400,
        writes: false,
      },
      { name: 'GET /api/frontend/users/?q=nov (JWT, staff)', method: 'GET', path: '/api/frontend/users/?q=nov', headers: { authorization: `Bearer ${admin}` }, writes: false },
    ];
    lines.push(
      `${CONNECTIONS} connections, ${DURATION} s per load after ${WARMUP} s of warm-up, median of ${ROUNDS} round(s); ${settings}; ` +
        `CPU ms/req: CPU time of the API's processes and of the worker during the load (warm-up included) per request served, the figure a loaded machine changes least; ` +
        `ceiling: bare node:http in its own process; load generator in its own process` +
        (PEER_URL ? `; DRF peer ${PEER_URL} alternating with ours per row` : ''),
      '',
      `| endpoint | cache | writes meanwhile | tool | req/s | p50 | p99 | errors | CPU ms/req API + worker | node:http ceiling | of ceiling |${PEER_URL ? ' DRF peer req/s (p99) | ours / peer |' : ''}`,
      `|---|---|---|---|---|---|---|---|---|---|---|${PEER_URL ? '---|---|' : ''}`,
    );
    const results: unknown[] = [];
    for (const row of rows) {
      if (values.only && !row.name.includes(values.only)) continue;
      const probe = await fetch(base + row.path, {
        method: row.method,
        headers: { accept: 'application/json', 'content-type': 'application/json', ...row.headers },
        body: row.body?.replaceAll('{n}', 'probe'),
      });
      const bytes = Buffer.from(await probe.arrayBuffer());
      if (row.status ? probe.status !== row.status : probe.status >= 400)
        throw new Error(`${row.name}: probe answered ${probe.status} ${bytes.toString().slice(0, 200)}`);
      const tool: LoadSpec['tool'] = (values.tool ?? (HAVE_WRK && row.method === 'GET' ? 'wrk' : 'autocannon')) as LoadSpec['tool'];
      console.error(`… ${row.name}: ${probe.status}, ${bytes.length} bytes, ${tool}`);
      const peerRow = peer && !row.writes && row.method === 'GET' && !row.path.includes('/frontend/');
      const ours: LoadResult[] = [];
      const theirs: LoadResult[] = [];
      const cpu: Array<[number, number]> = [];
      for (let round = 0; round < ROUNDS; round++) {
        const runOurs = async () => {
          const before = [cpuSeconds(api!.pid), cpuSeconds(worker?.pid)];
          const r = await load({ base, connections: CONNECTIONS, duration: DURATION, warmup: WARMUP, kinds: [row], tool });
          // Per request of the measured part; the warm-up's CPU is counted too, so this is an upper bound.
          const served = r.rps * (DURATION + WARMUP);
          cpu.push([((cpuSeconds(api!.pid) - before[0]!) * 1000) / served, ((cpuSeconds(worker?.pid) - before[1]!) * 1000) / served]);
          ours.push(r);
        };
        const runPeer = async () =>
          theirs.push(
            await load({
              base: PEER_URL!,
              connections: CONNECTIONS,
              duration: DURATION,
              warmup: WARMUP,
              tool,
              kinds: [{ ...row, path: row.path.replace(`/${eventId}/`, `/${peerEvent}/`), headers: row.headers?.authorization ? { authorization: `Bearer ${peer!.token}` } : {} }],
            }),
          );
        // Alternate who goes first, so neither always meets the other's aftermath.
        if (peerRow && round % 2 === 0) await runPeer();
        await runOurs();
        if (peerRow && round % 2 === 1) await runPeer();
      }
      const ceil = await ceiling(row, probe.status, probe.headers.get('content-type'), bytes, tool);
      const m = { rps: median(ours.map((r) => r.rps)), p50: median(ours.map((r) => r.p50)), p99: median(ours.map((r) => r.p99)), errors: ours.reduce((s, r) => s + r.errors, 0) };
      const p = theirs.length ? { rps: median(theirs.map((r) => r.rps)), p99: median(theirs.map((r) => r.p99)) } : undefined;
      const cpuApi = median(cpu.map((c) => c[0]));
      const cpuWorker = median(cpu.map((c) => c[1]));
      results.push({ name: row.name, cache: CACHE, writes: row.writes, tool, ...m, cpuApi, cpuWorker, rounds: ours.map((r) => r.rps), ceiling: ceil, peer: p, peerRounds: theirs.map((r) => r.rps) });
      lines.push(
        `| ${row.name} | ${CACHE ? 'on' : 'off'} | ${row.writes ? 'yes (its own)' : 'no'} | ${tool} | ${m.rps} | ${m.p50} ms | ${m.p99} ms | ${m.errors} | ${cpuApi.toFixed(2)} + ${cpuWorker.toFixed(2)} | ${ceil} | ${((100 * m.rps) / ceil).toFixed(0)} % |` +
          (PEER_URL ? (p ? ` ${p.rps} (${p.p99} ms) | ${(m.rps / p.rps).toFixed(1)}× |` : ' — | — |') : ''),
      );
    }
    writeFileSync(join(here, 'results.json'), JSON.stringify({ settings, connections: CONNECTIONS, duration: DURATION, warmup: WARMUP, rounds: ROUNDS, results }, null, 2));
  }
} finally {
  await stop(api);
  // The worker had the whole run to catch up with the sign-ups' e-mails: how far it got.
  const [o] = await execute<Array<{ written: string; relayed: string; sent: string }>>(
    orm.em.fork(),
    `select count(*) as written, count(published_at) as relayed,
            (select count(*) from sent_email s where s.status = 'sent' and s.created_at >= ?) as sent
       from outbox_message where created_at >= ?`,
    [startedAt, startedAt],
  );
  await stop(worker);
  await smtp.close();
  await orm.close();
  lines.push(
    '',
    `e-mails: ${o!.written} outbox rows written during the run, ${o!.relayed} relayed to the queue, ${o!.sent} sent (${smtp.received} reached the SMTP sink)` +
      (WORKER ? '' : '; the worker was off'),
  );
  console.log(`\n${lines.join('\n')}`);
}

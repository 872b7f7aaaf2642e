/**
 * The load generator of `pnpm bench:http`, in a process of its own (so it never shares an event
 * loop with what it measures). Reads a LoadSpec (JSON, argv[2]) and prints one LoadResult (JSON).
 * Tool: autocannon (closed loop, keep-alive); with `tool: 'wrk'` (GETs only, when wrk is
 * installed) wrk, which times servers that answer `Connection: close` (the DRF peer) correctly.
 * Several `kinds` make a mix: each connection cycles through the kinds' requests in order (so
 * their counts are the weights), and every kind gets its own throughput, p50/p99 and errors,
 * timed from the request's setup to its complete response on its connection.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';

export interface LoadKind {
  name: string;
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  /** A body; `{n}` is replaced by a counter unique in this run (new e-mail per sign-up). */
  body?: string;
  /** The status every answer must have (default: any 2xx). */
  status?: number;
  /** Requests of this kind per cycle of a connection (default 1). */
  weight?: number;
}

export interface LoadSpec {
  base: string;
  connections: number;
  duration: number;
  warmup: number;
  kinds: LoadKind[];
  tool?: 'autocannon' | 'wrk';
}

export interface KindResult {
  name: string;
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

export interface LoadResult {
  tool: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  kinds: KindResult[];
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! * 10) / 10;
}

async function withAutocannon(spec: LoadSpec): Promise<LoadResult> {
  let n = 0;
  const single = spec.kinds.length === 1 && (spec.kinds[0]!.weight ?? 1) === 1;
  const latencies = spec.kinds.map(() => [] as number[]);
  const errors = spec.kinds.map(() => 0);
  let measuring = spec.warmup === 0;
  const requests = spec.kinds.flatMap((k, i) =>
    Array.from({ length: k.weight ?? 1 }, () => ({
      method: k.method,
      path: k.path,
      headers: { accept: 'application/json', ...(k.body ? { 'content-type': 'application/json' } : {}), ...k.headers },
      setupRequest: (req: autocannon.Request, ctx: object) => {
        const context = ctx as Record<string, unknown>;
        context.t0 = performance.now();
        return k.body ? { ...req, body: k.body.replaceAll('{n}', String(++n)) } : req;
      },
      ...(single
        ? {}
        : {
            onResponse: (status: number, _body: string, ctx: object) => {
              const context = ctx as Record<string, unknown>;
              if (!measuring) return;
              latencies[i]!.push(performance.now() - (context.t0 as number));
              if (k.status === undefined ? status < 200 || status >= 300 : status !== k.status) errors[i]!++;
            },
          }),
    })),
  );
  const instance = autocannon({
    url: spec.base,
    connections: spec.connections,
    duration: spec.duration,
    ...(spec.warmup > 0 ? { warmup: { duration: spec.warmup } } : {}),
    requests,
  });
  if (spec.warmup > 0) setTimeout(() => (measuring = true), spec.warmup * 1000);
  const r = await instance;
  const k0 = spec.kinds[0]!;
  const unexpected = k0.status === undefined ? r.non2xx : r.requests.total - (r.statusCodeStats?.[`${k0.status}`]?.count ?? 0);
  const total = { rps: Math.round(r.requests.average), p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts };
  const kinds: KindResult[] = single
    ? [{ name: k0.name, requests: r.requests.total, ...total, errors: total.errors + unexpected }]
    : spec.kinds.map((k, i) => {
        const sorted = latencies[i]!.sort((a, b) => a - b);
        return {
          name: k.name,
          requests: sorted.length,
          rps: Math.round(sorted.length / spec.duration),
          p50: percentile(sorted, 50),
          p99: percentile(sorted, 99),
          errors: errors[i]!,
        };
      });
  return { tool: 'autocannon 9', ...total, errors: total.errors + (single ? unexpected : 0), kinds };
}

/** wrk for one GET kind: its `--latency` distribution gives p50 and p99. */
function withWrk(spec: LoadSpec): LoadResult {
  const k = spec.kinds[0]!;
  if (spec.kinds.length !== 1 || k.method !== 'GET') throw new Error('wrk runs single GET rows only');
  const args = (seconds: number) => [
    '-t2',
    `-c${spec.connections}`,
    `-d${seconds}s`,
    '--timeout',
    '10s',
    '--latency',
    '-H',
    'accept: application/json',
    ...Object.entries(k.headers ?? {}).flatMap(([name, value]) => ['-H', `${name}: ${value}`]),
    spec.base + k.path,
  ];
  if (spec.warmup > 0) spawnSync('wrk', args(spec.warmup), { encoding: 'utf8' });
  const out = spawnSync('wrk', args(spec.duration), { encoding: 'utf8' }).stdout;
  const ms = (label: string) => {
    const m = new RegExp(`^\\s*${label}%\\s+([\\d.]+)(us|ms|s)`, 'm').exec(out);
    if (!m) return NaN;
    const v = Number(m[1]);
    return m[2] === 'us' ? v / 1000 : m[2] === 's' ? v * 1000 : v;
  };
  const rps = Math.round(Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0));
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? 0);
  const sock = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  const sockErrors = sock ? sock.slice(1).reduce((a, b) => a + Number(b), 0) : 0;
  const result = { rps, p50: ms('50'), p99: ms('99'), errors: non2xx + sockErrors };
  return { tool: 'wrk', ...result, kinds: [{ name: k.name, requests: rps * spec.duration, ...result }] };
}

const spec = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as LoadSpec;
const result = spec.tool === 'wrk' ? withWrk(spec) : await withAutocannon(spec);
process.stdout.write(JSON.stringify(result));

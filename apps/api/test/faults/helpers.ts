import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer as createNetServer, connect, type Server, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Throw-away infrastructure for the fault-tolerance tests (issue 7): a private redis-server,
 * a TCP proxy in front of PostgreSQL that can be cut, a minimal SMTP sink, and the real API
 * and worker as child processes (`node --import tsx src/main.ts`, as `pnpm dev` runs them).
 * The shared PostgreSQL and Redis that other tests use are never stopped.
 */

export const API_DIR = fileURLToPath(new URL('../..', import.meta.url));
export const WORKER_DIR = fileURLToPath(new URL('../../../worker', import.meta.url));
const TSX = `file://${API_DIR}node_modules/tsx/dist/loader.mjs`;

export async function freePort(): Promise<number> {
  const srv = createNetServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as { port: number };
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

export interface Child {
  proc: ChildProcess;
  /** Everything the process wrote, JSON log lines parsed where possible. */
  lines: Array<Record<string, unknown>>;
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export function run(dir: string, env: Record<string, string>): Child {
  const proc = spawn(process.execPath, ['--import', TSX, 'src/main.ts'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: Array<Record<string, unknown>> = [];
  const collect = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n').filter(Boolean)) {
      try {
        lines.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        lines.push({ text: line });
      }
    }
  };
  proc.stdout.on('data', collect);
  proc.stderr.on('data', collect);
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  return {
    proc,
    lines,
    exited,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      return exited;
    },
  };
}

/** The APIs' key unless a test sets one: this run's own, the same for every API it starts. */
const RUN_SECRET_KEY = randomBytes(32).toString('base64url');

/** The API on `port`; resolves once `/healthz` answers. */
export async function startApi(port: number, env: Record<string, string>): Promise<Child> {
  const child = run(API_DIR, { NODE_ENV: 'production', SECRET_KEY: RUN_SECRET_KEY, LOG_LEVEL: 'info', ...env, PORT: String(port) });
  // Up to 90 s: tsx compiles the sources at start (in each process of a cluster), slow on a busy machine.
  for (let i = 0; i < 900; i++) {
    if (child.proc.exitCode !== null) throw new Error(`api exited: ${JSON.stringify(child.lines.slice(-5))}`);
    const up = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
    if (up) return child;
    await sleep(100);
  }
  await child.stop('SIGKILL');
  throw new Error('api did not start');
}

export function startWorker(env: Record<string, string>): Child {
  return run(WORKER_DIR, { NODE_ENV: 'production', LOG_LEVEL: 'info', ...env });
}

export interface RedisServer {
  port: number;
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
}

/** A private redis-server; `stop` kills it (as a crash would), `start` brings it back on the same port. */
export async function privateRedis(): Promise<RedisServer> {
  const port = await freePort();
  let proc: ChildProcess | undefined;
  const server: RedisServer = {
    port,
    url: `redis://127.0.0.1:${port}`,
    async start() {
      proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
      for (let i = 0; i < 100; i++) {
        const ok = await new Promise<boolean>((resolve) => {
          const s = connect(port, '127.0.0.1', () => {
            s.end();
            resolve(true);
          });
          s.on('error', () => resolve(false));
        });
        if (ok) return;
        await sleep(50);
      }
      throw new Error('redis-server did not start');
    },
    async stop() {
      if (!proc || proc.exitCode !== null) return;
      const gone = new Promise((r) => proc!.on('exit', r));
      proc.kill('SIGKILL');
      await gone;
    },
  };
  await server.start();
  return server;
}

/** A TCP proxy to `target`: `cut` drops every connection and refuses new ones (a database restart), `restore` accepts again. */
export class TcpProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  constructor(
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {}

  async listen(): Promise<void> {
    this.server = createNetServer((client) => {
      const upstream = connect(this.target.port, this.target.host);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream);
      upstream.pipe(client);
    });
    await new Promise<void>((r) => this.server!.listen(this.port, '127.0.0.1', r));
  }

  async cut(): Promise<void> {
    const closed = new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
    for (const s of this.sockets) s.destroy();
    await closed;
  }

  async restore(): Promise<void> {
    await this.listen();
  }
}

/** The smallest SMTP server that accepts mail; records each message's recipients and Message-ID. */
export async function smtpSink(): Promise<{
  port: number;
  recipients: string[];
  messages: Array<{ recipients: string[]; messageId: string | undefined }>;
  close(): Promise<void>;
}> {
  const recipients: string[] = [];
  const messages: Array<{ recipients: string[]; messageId: string | undefined }> = [];
  const server = createNetServer((socket) => {
    let inData = false;
    let buffer = '';
    let rcpt: string[] = [];
    socket.write('220 sink ESMTP\r\n');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('latin1');
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          const messageId = /^Message-ID:\s*(<[^>]*>)/im.exec(buffer.slice(0, end))?.[1];
          buffer = buffer.slice(end + 5);
          inData = false;
          recipients.push(...rcpt);
          messages.push({ recipients: rcpt, messageId });
          rcpt = [];
          socket.write('250 queued\r\n');
          continue;
        }
        const nl = buffer.indexOf('\r\n');
        if (nl < 0) return;
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO') socket.write('250-sink\r\n250 8BITMIME\r\n');
        else if (verb === 'RCPT') {
          rcpt.push(/<([^>]*)>/.exec(line)?.[1] ?? line);
          socket.write('250 ok\r\n');
        } else if (verb === 'DATA') {
          inData = true;
          socket.write('354 go on\r\n');
        } else if (verb === 'QUIT') socket.end('221 bye\r\n');
        else socket.write('250 ok\r\n');
      }
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as { port: number }).port,
    recipients,
    messages,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

export interface Outcome {
  kind: string;
  status: number;
  ms: number;
  at: number;
  email?: string;
}

/** Keep `workers` request loops going until `stop()`; each records status (0: no answer) and time. */
export function traffic(workers: Array<() => Promise<Omit<Outcome, 'ms' | 'at'>>>): { outcomes: Outcome[]; stop(): Promise<void> } {
  const outcomes: Outcome[] = [];
  let running = true;
  const loops = workers.map(async (work) => {
    while (running) {
      const at = Date.now();
      const r = await work().catch(() => ({ kind: 'error', status: 0 }));
      outcomes.push({ ...r, ms: Date.now() - at, at });
      await sleep(20);
    }
  });
  return {
    outcomes,
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}

// `pnpm start`: apply migrations (and demo data into an empty database that scripts/ensure-env.sh
// created, never in production), then run the API (WEB_CONCURRENCY processes on one port, default
// one per core: apps/api/src/main.ts) and the worker side by side; SIGINT/SIGTERM are forwarded so
// both finish in-flight work. On several machines, migrate from one only (docs/operations.md).
import { spawn, spawnSync } from 'node:child_process';

const node = process.execPath;
const migrate = spawnSync(node, ['apps/api/dist/cli/main.js', 'migrate', '--seed-demo-if-empty'], { stdio: 'inherit' });
if (migrate.status !== 0) process.exit(migrate.status ?? 1);

const children = [
  spawn(node, ['apps/api/dist/main.js'], { stdio: 'inherit' }),
  spawn(node, ['apps/worker/dist/main.js'], { stdio: 'inherit' }),
];
let stopping = false;
const stop = (signal) => {
  if (stopping) return;
  stopping = true;
  for (const c of children) if (c.exitCode === null) c.kill(signal);
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
let exitCode = 0;
for (const c of children) {
  c.on('exit', (code) => {
    if (code) exitCode = code;
    stop('SIGTERM');
    if (children.every((x) => x.exitCode !== null || x.signalCode !== null)) process.exit(exitCode);
  });
}

import cluster from 'node:cluster';
import { pino } from 'pino';
import { loadEnvOrExit } from '@klub/config';
import { createLogger } from './logger.js';

// `node dist/main.js` (what `pnpm start` runs). WEB_CONCURRENCY > 1: this process is the cluster's
// primary and only forks and watches the processes that serve (cluster.ts); it never loads the
// app, so it starts at once and stays small. Otherwise (or in a forked process) it serves.
const config = loadEnvOrExit();
if (cluster.isPrimary && config.WEB_CONCURRENCY > 1) {
  const { runClusterPrimary } = await import('./cluster.js');
  runClusterPrimary(config.WEB_CONCURRENCY, createLogger(config, pino.destination({ dest: 1, sync: true })));
} else {
  const { startServer } = await import('./server.js');
  await startServer(config).catch((err: unknown) => {
    console.error(err instanceof Error ? `api failed to start: ${err.message}` : err);
    process.exit(1);
  });
}

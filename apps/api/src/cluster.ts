import cluster, { type Worker } from 'node:cluster';
import type { Logger } from './logger.js';

/**
 * The primary of `WEB_CONCURRENCY` API processes (node:cluster): it forks them, they share the
 * one listening port (the primary hands out connections round-robin), and it holds no database,
 * Redis or cache of its own. Everything that must be one across processes already lives outside
 * them: rate-limit counters in Redis, cache invalidation through PostgreSQL's NOTIFY (each
 * process LISTENs), the sign-up writer's correctness in PostgreSQL's locks and constraints.
 *
 * A process that dies after it listened is replaced (after a second, so a crash loop does not
 * spin); one that dies before it ever listened is a start-up failure (bad database URL, a port
 * taken): the primary stops the others and exits with its status. SIGTERM/SIGINT go to every
 * process, each finishes its in-flight requests (main.ts), and the primary exits after the last.
 */
export function runClusterPrimary(processes: number, logger: Logger): void {
  let stopping = false;
  let exitCode = 0;
  const listened = new WeakSet<Worker>();

  const fork = () => cluster.fork();
  cluster.on('listening', (worker) => listened.add(worker));
  cluster.on('exit', (worker, code, signal) => {
    const alive = Object.values(cluster.workers ?? {}).filter((w) => w && !w.isDead()).length;
    if (stopping) {
      if (code) exitCode = code;
      if (alive === 0) {
        logger.info('all api processes stopped');
        process.exit(exitCode);
      }
      return;
    }
    if (!listened.has(worker)) {
      logger.error({ pid: worker.process.pid, code, signal }, 'api process failed to start; stopping');
      exitCode = code || 1;
      stop('SIGTERM');
      if (alive === 0) process.exit(exitCode);
      return;
    }
    logger.error({ pid: worker.process.pid, code, signal }, 'api process died; starting another');
    setTimeout(() => stopping || fork(), 1_000).unref();
  });

  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    for (const w of Object.values(cluster.workers ?? {})) if (w && !w.isDead()) w.process.kill(signal);
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));

  logger.info({ processes }, 'api starting its processes');
  for (let i = 0; i < processes; i++) fork();
}

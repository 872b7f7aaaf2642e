import type { RequestListener } from 'node:http';
import { accessLogger, type Logger } from '../logger.js';
import { ResponseCache } from './response-cache.js';
import { TableChangeListener } from './table-change-listener.js';
import { TableGenerations } from './table-generations.js';

export { ResponseCache } from './response-cache.js';
export { dependsOnRows } from './procedure-cache.js';

export interface ListeningCache {
  cache: ResponseCache;
  listener: TableChangeListener;
  /** Closes the LISTEN connection. */
  stop: () => Promise<void>;
}

/**
 * The response cache of an API process, following PostgreSQL's change notifications on a
 * connection of its own (one per process, whatever the number of instances beside it).
 */
export async function listeningResponseCache(databaseUrl: string, logger: Logger, maxBytes: number): Promise<ListeningCache> {
  const generations = new TableGenerations();
  const listener = new TableChangeListener(databaseUrl, generations, logger);
  // Caching turned off (RESPONSE_CACHE_MB=0): no connection, and nothing to wait for after a write.
  if (maxBytes > 0) await listener.start();
  const sync = maxBytes > 0 ? () => listener.sync() : () => Promise.resolve();
  const cache = new ResponseCache({ generations, sync, logger: accessLogger(logger), maxBytes });
  return { cache, listener, stop: () => listener.stop() };
}

/** The HTTP server's listener: cached answers first, express for everything else. */
export function withResponseCache(app: RequestListener, cache: ResponseCache | undefined): RequestListener {
  if (!cache) return app;
  return (req, res) => {
    if (!cache.serve(req, res)) app(req, res);
  };
}

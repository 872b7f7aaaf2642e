import type { RequestListener } from 'node:http';
import type { Redis } from 'ioredis';
import type { MikroORM } from '@mikro-orm/postgresql';
import { TableChangeWatch, batchedAnnouncer, publishTableChanges, tableChangesChannel } from '@klub/domain';
import { accessLogger, type Logger } from '../logger.js';
import { ResponseCache } from './response-cache.js';
import { TableGenerations } from './table-generations.js';

export { ResponseCache } from './response-cache.js';
export { TableGenerations } from './table-generations.js';

export interface SharedCacheDeps {
  orm: MikroORM;
  logger: Logger;
  maxBytes: number;
  databaseUrl: string;
  /** Announces this process's writes to the others. */
  publisher: Redis;
  /** A connection of its own: a subscribed Redis connection can do nothing else. */
  subscriber: Redis;
}

/** The response cache of a production process: one of many API instances beside the worker. */
export async function sharedResponseCache(deps: SharedCacheDeps): Promise<ResponseCache> {
  const channel = tableChangesChannel(deps.databaseUrl);
  const generations = TableGenerations.subscribe(deps.subscriber, channel, deps.logger);
  let publishFailed = false;
  const announce = batchedAnnouncer(
    (tables) => publishTableChanges(deps.publisher, deps.databaseUrl, tables).then(() => void (publishFailed = false)),
    (err, tables) => {
      // Other instances keep stale answers until their TTL; they turn caching off while they
      // cannot hear anything either, which is the usual case of this failure.
      if (!publishFailed) deps.logger.warn({ err, tables }, 'could not announce table changes');
      publishFailed = true;
    },
  );
  const watch = await TableChangeWatch.attach(deps.orm, (tables) => {
    generations.bump(tables);
    announce(tables);
  });
  return new ResponseCache({ generations, watch, logger: accessLogger(deps.logger), maxBytes: deps.maxBytes });
}

/** The response cache of a process that is the only writer of its database (tests). */
export async function localResponseCache(orm: MikroORM, logger: Logger, maxBytes: number): Promise<ResponseCache> {
  const generations = TableGenerations.localOnly();
  const watch = await TableChangeWatch.attach(orm, (tables) => generations.bump(tables));
  return new ResponseCache({ generations, watch, logger: accessLogger(logger), maxBytes });
}

/** The HTTP server's listener: cached answers first, express for everything else. */
export function withResponseCache(app: RequestListener, cache: ResponseCache | undefined): RequestListener {
  if (!cache) return app;
  return (req, res) => {
    if (!cache.serve(req, res)) app(req, res);
  };
}

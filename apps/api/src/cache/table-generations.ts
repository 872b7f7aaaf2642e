import type { Redis } from 'ioredis';
import { ALL_TABLES } from '@klub/domain';
import type { Logger } from '../logger.js';

/**
 * When each table last changed, as a generation number of this process. A cache entry records
 * the generation at which its computation started and the tables it read; it stays valid while
 * none of them has changed since. Changes arrive from this process's own commits (`bump`) and
 * from every other process (API instances, the worker, the CLI) through Redis pub/sub.
 *
 * While the subscription is down, changes elsewhere could be missed, so nothing counts as
 * unchanged (`live` is false) and the whole cache is dropped when it comes back.
 */
export class TableGenerations {
  private generation = 0;
  private everythingSince = 0;
  private readonly changedAt = new Map<string, number>();
  private subscribed = false;

  constructor(private readonly local = false) {}

  /** Follows the changes other processes publish on `channel`. */
  static subscribe(subscriber: Redis, channel: string, logger: Logger): TableGenerations {
    const generations = new TableGenerations();
    const down = () => {
      if (generations.subscribed) logger.warn('response cache off: table-change subscription lost');
      generations.subscribed = false;
    };
    subscriber.on('close', down);
    subscriber.on('end', down);
    subscriber.on('error', () => undefined);
    subscriber.on('message', (from: string, message: string) => {
      if (from !== channel) return;
      try {
        generations.bump(JSON.parse(message) as string[]);
      } catch {
        generations.bump([ALL_TABLES]);
      }
    });
    const join = () =>
      void subscriber.subscribe(channel).then(
        () => {
          generations.bump([ALL_TABLES]);
          if (!generations.subscribed) logger.info('response cache on: following table changes');
          generations.subscribed = true;
        },
        () => undefined,
      );
    // ioredis re-subscribes by itself after a reconnect, but only this tells us it happened.
    subscriber.on('ready', join);
    if (subscriber.status === 'ready') join();
    return generations;
  }

  /** A tracker for a single process with no other writers (tests, one-off tools). */
  static localOnly(): TableGenerations {
    return new TableGenerations(true);
  }

  get live(): boolean {
    return this.local || this.subscribed;
  }

  current(): number {
    return this.generation;
  }

  bump(tables: readonly string[]): void {
    const g = ++this.generation;
    for (const t of tables) {
      if (t === ALL_TABLES) this.everythingSince = g;
      else this.changedAt.set(t, g);
    }
  }

  unchangedSince(generation: number, tables: readonly string[]): boolean {
    if (!this.live || this.everythingSince > generation) return false;
    for (const t of tables) if ((this.changedAt.get(t) ?? 0) > generation) return false;
    return true;
  }
}

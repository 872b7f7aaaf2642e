import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { RateLimit } from '../env.js';

export type LimitOutcome = { kind: 'ok' } | { kind: 'limited'; retryAfterSeconds: number } | { kind: 'unavailable'; error: unknown };

/** Keys never hold an address or e-mail in clear: Redis dumps and MONITOR output stay free of personal data. */
export function limitKey(value: string): string {
  return createHash('sha256').update(value.trim().toLowerCase()).digest('base64url').slice(0, 22);
}

/**
 * Counters in Redis (shared by every API instance), one fixed window per limit. A limiter that
 * cannot reach Redis answers `unavailable` at once (`rejectIfRedisNotReady`) instead of
 * queueing behind a dead connection; the caller decides whether that fails open or closed.
 */
export class RateLimits {
  private readonly limiters = new Map<string, RateLimiterRedis>();

  /**
   * `blockInMemory`: once a key is over its limit, refuse it from memory until the window ends
   * (no Redis round trip). Off for counters whose points are given back (`refund`), where
   * going over for a moment (concurrent successful calls) must not block the key for the window.
   */
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly blockInMemory = true,
  ) {}

  private limiter(name: string, limit: RateLimit): RateLimiterRedis {
    const id = `${name}:${limit.points}/${limit.seconds}`;
    let limiter = this.limiters.get(id);
    if (!limiter) {
      limiter = new RateLimiterRedis({
        storeClient: this.redis,
        keyPrefix: `${this.prefix}:rl:${id}`,
        points: limit.points,
        duration: limit.seconds,
        rejectIfRedisNotReady: true,
        // Once over the limit, further calls are refused from memory until the window ends.
        ...(this.blockInMemory ? { inMemoryBlockOnConsumed: limit.points + 1 } : {}),
      });
      this.limiters.set(id, limiter);
    }
    return limiter;
  }

  async consume(name: string, limit: RateLimit, key: string): Promise<LimitOutcome> {
    try {
      await this.limiter(name, limit).consume(limitKey(key));
      return { kind: 'ok' };
    } catch (e) {
      if (e instanceof RateLimiterRes) return { kind: 'limited', retryAfterSeconds: Math.max(1, Math.ceil(e.msBeforeNext / 1000)) };
      return { kind: 'unavailable', error: e };
    }
  }

  /** Give back a point taken by `consume` (a call that succeeded does not count). */
  async refund(name: string, limit: RateLimit, key: string): Promise<void> {
    await this.limiter(name, limit)
      .reward(limitKey(key))
      .catch(() => undefined);
  }
}

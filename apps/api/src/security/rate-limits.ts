import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { ServiceUnavailable, Throttled } from '@klub/domain';
import type { RateLimit } from '@klub/config';
import type { Logger } from '../logger.js';

export type LimitOutcome =
  { kind: 'ok' } | { kind: 'limited'; retryAfterSeconds: number } | { kind: 'unavailable'; error: unknown };

/** The client's address as express sees it (X-Forwarded-For only with TRUST_PROXY): the per-address key. */
export function clientAddress(req: IncomingMessage): string {
  return (req as { ip?: string }).ip ?? req.socket.remoteAddress ?? 'unknown';
}

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
      if (e instanceof RateLimiterRes)
        return { kind: 'limited', retryAfterSeconds: Math.max(1, Math.ceil(e.msBeforeNext / 1000)) };
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

/** The call a point is taken for: `path` names it in the logs; its response gets `Retry-After`. */
export interface LimitedCall {
  path: string;
  res?: { setHeader(name: string, value: string): unknown } | undefined;
}

/**
 * `RateLimits` with the answer to each outcome, for the abuse guard (fails open) and the
 * password check (fails closed): over the limit, 429 (`Throttled`); Redis unreachable, a warning
 * at most every 10 s, then 503 when `failClosed`, else the call goes on uncounted.
 */
export class LimitGate {
  private lastOutageLog = 0;

  constructor(
    readonly limits: RateLimits,
    private readonly logger: Logger,
    private readonly failClosed: boolean,
  ) {}

  /** Take one point: true when it was counted, false when Redis is down and the call goes on. */
  async take(call: LimitedCall, name: string, limit: RateLimit, key: string): Promise<boolean> {
    const outcome = await this.limits.consume(name, limit, key);
    if (outcome.kind === 'ok') return true;
    // The header is set here too: the /trpc transport does not send an error's own headers.
    if (outcome.kind === 'limited') {
      call.res?.setHeader('Retry-After', String(outcome.retryAfterSeconds));
      this.logger.info({ limit: name, path: call.path }, 'rate limited');
      throw new Throttled(outcome.retryAfterSeconds);
    }
    const now = Date.now();
    if (now - this.lastOutageLog > 10_000) {
      this.lastOutageLog = now;
      this.logger.warn(
        { err: outcome.error, limit: name, path: call.path, failClosed: this.failClosed },
        this.failClosed
          ? 'rate limiter unavailable: refusing credential requests'
          : 'rate limiter unavailable: letting requests through',
      );
    }
    if (!this.failClosed) return false;
    call.res?.setHeader('Retry-After', '5');
    throw new ServiceUnavailable();
  }
}

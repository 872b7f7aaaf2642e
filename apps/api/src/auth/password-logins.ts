import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Redis } from 'ioredis';
import { recordLogin, ServiceUnavailable, Throttled, verifyLogin, type LoginVerdict } from '@klub/domain';
import type { Env, RateLimit } from '../env.js';
import type { Logger } from '../logger.js';
import { RateLimits } from '../security/rate-limits.js';

/**
 * How a password arrives: the JWT and OAuth token endpoints, the browser login, or HTTP Basic,
 * which an integration sends with every request.
 */
export type PasswordPath = 'token' | 'oauth' | 'session' | 'basic';

// The token endpoints' counters (and Redis keys) since issue 7; now every password path shares them.
const IP = 'token:ip';
const ACCOUNT = 'token:account';

/** The request an attempt comes with: its client address is counted, its response gets `Retry-After`. */
export interface AttemptHttp {
  req: IncomingMessage;
  res?: ServerResponse | undefined;
}

/** The client's address as express sees it (X-Forwarded-For only with TRUST_PROXY). */
export function clientAddress(req: IncomingMessage): string {
  return (req as { ip?: string }).ip ?? req.socket.remoteAddress ?? 'unknown';
}

export interface PasswordLoginsDeps {
  env: Pick<Env, 'RATE_LIMIT_ENABLED' | 'RATE_LIMIT_TOKEN_IP' | 'RATE_LIMIT_TOKEN_ACCOUNT' | 'QUEUE_PREFIX'>;
  logger: Logger;
  /** The limiter's own connection (no offline queue): a dead Redis answers at once. */
  redis?: Redis;
}

/**
 * The one place a password is checked (issue 15 §2). Whatever the path, an attempt first takes a
 * point from the per-address (`RATE_LIMIT_TOKEN_IP`) and the per-account
 * (`RATE_LIMIT_TOKEN_ACCOUNT`) counters; a refused attempt (429, or 503 when Redis is down:
 * credential checks fail closed) has done no hashing. Only then is the password verified, and a
 * success is recorded as a login (`last_login`) and gives its account point back, so a user who
 * logs in often is never locked out, while guesses are.
 *
 * HTTP Basic also gets its address point back on success: an integration sends the right
 * password with every request and must not run into the login limit; its failures count like
 * any other guess, so 50 wrong passwords are refused alike on every path, and once an account's
 * failures are used up even the right password is refused until the window ends.
 */
export class PasswordLogins {
  private readonly limits: RateLimits | undefined;
  private lastOutageLog = 0;

  constructor(private readonly deps: PasswordLoginsDeps) {
    // No blocking from memory: an integration's concurrent Basic requests may go over the limit
    // for a moment before their points come back, and must not be locked out for the window.
    this.limits = deps.env.RATE_LIMIT_ENABLED && deps.redis ? new RateLimits(deps.redis, deps.env.QUEUE_PREFIX, false) : undefined;
  }

  /**
   * Start an attempt about `account` (a username, or an OAuth client id) from `ip`: takes the
   * points or throws `Throttled` (429 + Retry-After) / `ServiceUnavailable` (503).
   */
  async begin(path: PasswordPath, http: AttemptHttp, account: string | undefined): Promise<PasswordAttempt> {
    const ip = clientAddress(http.req);
    const taken: Array<[string, RateLimit, string]> = [];
    const { RATE_LIMIT_TOKEN_IP: ipLimit, RATE_LIMIT_TOKEN_ACCOUNT: accountLimit } = this.deps.env;
    const key = account?.trim().toLowerCase();
    if (this.limits && ipLimit) {
      await this.take(path, http, IP, ipLimit, ip);
      if (path === 'basic') taken.push([IP, ipLimit, ip]);
    }
    if (this.limits && accountLimit && key) {
      await this.take(path, http, ACCOUNT, accountLimit, key);
      taken.push([ACCOUNT, accountLimit, key]);
    }
    const limits = this.limits;
    return new PasswordAttempt(path, async () => {
      await Promise.all(taken.map(([name, limit, k]) => limits!.refund(name, limit, k)));
    });
  }

  /** `begin` and `verify` in one: the usual login. */
  async login(path: PasswordPath, http: AttemptHttp, em: EntityManager, username: string, password: string): Promise<LoginVerdict> {
    const attempt = await this.begin(path, http, username);
    return attempt.verify(em, username, password);
  }

  private async take(path: PasswordPath, http: AttemptHttp, name: string, limit: RateLimit, key: string): Promise<void> {
    const outcome = await this.limits!.consume(name, limit, key);
    if (outcome.kind === 'ok') return;
    // The headers are also set here: the /trpc transport does not send an error's own headers.
    if (outcome.kind === 'limited') {
      http.res?.setHeader('Retry-After', String(outcome.retryAfterSeconds));
      this.deps.logger.info({ limit: name, path }, 'rate limited');
      throw new Throttled(outcome.retryAfterSeconds);
    }
    // Log an outage once every 10 s, not once per request.
    const now = Date.now();
    if (now - this.lastOutageLog > 10_000) {
      this.lastOutageLog = now;
      this.deps.logger.warn({ err: outcome.error, limit: name, path, failClosed: true }, 'rate limiter unavailable: refusing credential requests');
    }
    http.res?.setHeader('Retry-After', '5');
    throw new ServiceUnavailable();
  }
}

/** One admitted attempt: verify its password, or report the outcome of a check made elsewhere. */
export class PasswordAttempt {
  private settled = false;

  constructor(
    private readonly path: PasswordPath,
    private readonly refund: () => Promise<void>,
  ) {}

  /** Verify the password (domain `verifyLogin`) and record a successful login. */
  async verify(em: EntityManager, username: string, password: string): Promise<LoginVerdict> {
    const verdict = await verifyLogin(em, username, password);
    if (!verdict.ok) return verdict;
    // Basic writes only when the write can spend a reset link; see `recordLogin`.
    if (this.path !== 'basic' || !verdict.loginRecorded) await recordLogin(em, verdict.userId);
    await this.succeeded();
    return verdict;
  }

  /** The attempt succeeded (its password, or an OAuth client's secret, was right): give back the points a success does not cost. */
  async succeeded(): Promise<void> {
    if (this.settled) return;
    this.settled = true;
    await this.refund();
  }
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Redis } from 'ioredis';
import { recordLogin, verifyLogin, type LoginVerdict } from '@klub/domain';
import type { Env, RateLimit } from '@klub/config';
import type { Logger } from '../logger.js';
import { clientAddress, LimitGate, RateLimits } from '../security/rate-limits.js';

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
  /** Fails closed: a credential check is refused (503) while Redis is down. */
  private readonly gate: LimitGate | undefined;

  constructor(private readonly deps: PasswordLoginsDeps) {
    // No blocking from memory: an integration's concurrent Basic requests may go over the limit
    // for a moment before their points come back, and must not be locked out for the window.
    this.gate =
      deps.env.RATE_LIMIT_ENABLED && deps.redis
        ? new LimitGate(new RateLimits(deps.redis, deps.env.QUEUE_PREFIX, false), deps.logger, true)
        : undefined;
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
    const gate = this.gate;
    const call = { path, res: http.res };
    if (gate && ipLimit) {
      await gate.take(call, IP, ipLimit, ip);
      if (path === 'basic') taken.push([IP, ipLimit, ip]);
    }
    if (gate && accountLimit && key) {
      await gate.take(call, ACCOUNT, accountLimit, key);
      taken.push([ACCOUNT, accountLimit, key]);
    }
    return new PasswordAttempt(path, async () => {
      await Promise.all(taken.map(([name, limit, k]) => gate!.limits.refund(name, limit, k)));
    });
  }

  /** `begin` and `verify` in one: the usual login. */
  async login(path: PasswordPath, http: AttemptHttp, em: EntityManager, username: string, password: string): Promise<LoginVerdict> {
    const attempt = await this.begin(path, http, username);
    return attempt.verify(em, username, password);
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

import type { MikroORM } from '@mikro-orm/postgresql';
import type { Redis } from 'ioredis';
import { JwtService } from './auth/jwt.js';
import { PasswordLogins } from './auth/password-logins.js';
import { SessionService } from './auth/sessions.js';
import type { KeyedEnv } from '@klub/config';
import { JobQueues } from './jobs/job-queues.js';
import type { Logger } from './logger.js';
import { AbuseGuard } from './security/abuse-guard.js';
import type { CaptchaVerifier } from './security/captcha.js';
import { SignupWriter } from './signups/signup-writer.js';

/** What procedures reach through `ctx.services`, all built in this file. */
export interface AppServices {
  jwt: JwtService;
  sessions: SessionService;
  /** Every password check goes through it. */
  passwords: PasswordLogins;
  /** Group commit of the public sign-ups: their one writer (signups/signup-writer.ts). */
  signups: SignupWriter;
  /** Rate limits and CAPTCHA; absent in contexts that do not exercise them. */
  abuse?: AbuseGuard;
  /** The worker's queues (absent in tests that do not need them: job views answer 503). */
  jobs?: JobQueues;
}

/**
 * The services made once per process and shared beyond `ctx`: the actor resolver and the queue
 * dashboard use the same `jwt`, `sessions` and `jobs`, and shutdown closes the queues. Tests
 * bring their own, or none when their routers use none.
 */
export type SharedServices = Pick<AppServices, 'jwt' | 'sessions' | 'jobs'>;

/** main.ts's shared services. */
export function createSharedServices(env: KeyedEnv, orm: MikroORM): Required<SharedServices> {
  return {
    jwt: new JwtService(env.SECRET_KEY),
    sessions: new SessionService(orm, env.NODE_ENV === 'production'),
    jobs: new JobQueues(env.REDIS_URL, env.QUEUE_PREFIX),
  };
}

export interface ServiceDeps {
  env: KeyedEnv;
  orm: Pick<MikroORM, 'em'>;
  logger: Logger;
  /** The rate limiter's Redis connection (security/rate-limits.ts); without it no limits apply. */
  rateLimitRedis?: Redis;
  /** Replaces the CAPTCHA verifier built from the env (tests). */
  captcha?: CaptchaVerifier;
  shared?: SharedServices;
}

/** One app's `ctx.services`: the shared ones plus those each app makes for itself (`createApp`). */
export function createServices(deps: ServiceDeps): AppServices {
  return {
    // Tests of the REST plumbing share none: their routers reach neither `jwt` nor `sessions`.
    ...(deps.shared as SharedServices),
    abuse: new AbuseGuard({ env: deps.env, logger: deps.logger, redis: deps.rateLimitRedis, captcha: deps.captcha }),
    signups: new SignupWriter(deps.orm.em, { maxBatch: deps.env.SIGNUP_BATCH_MAX, logger: deps.logger }),
    passwords: new PasswordLogins({ env: deps.env, logger: deps.logger, redis: deps.rateLimitRedis }),
  };
}

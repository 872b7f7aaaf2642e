import type { Redis } from 'ioredis';
import { MSG } from '@klub/contracts';
import { ValidationError } from '@klub/domain';
import type { Env, RateLimit } from '@klub/config';
import type { Logger } from '../logger.js';
import type { Context } from '../trpc/context.js';
import { captchaToken, CAPTCHA_HEADER, createCaptchaVerifier, type CaptchaVerifier } from './captcha.js';
import { GUARDED_PROCEDURES, type GuardRule, type LimitGroup } from './guarded-procedures.js';
import { clientAddress, LimitGate, RateLimits } from './rate-limits.js';

/** `res.locals` key: this request has had its general per-address limit checked. */
export const GENERAL_LIMIT_TAKEN = 'generalLimitTaken';

export const SECURITY_MSG = {
  captchaInvalid: 'The CAPTCHA answer is not valid. Please try again.',
  captchaUnavailable: 'The CAPTCHA could not be verified. Please try again later.',
} as const;

export interface AbuseGuardDeps {
  env: Env;
  logger: Logger;
  /** The limiter's own connection (offline queue off, so a dead Redis answers at once). */
  redis?: Redis;
  captcha?: CaptchaVerifier;
}

interface Call {
  ctx: Pick<Context, 'req' | 'res' | 'actor' | 'env'>;
  path: string;
  getRawInput: () => Promise<unknown>;
}

/** Called with the outcome of the procedure after a guarded call ran. */
export type AfterCall = (ok: boolean) => Promise<void>;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function limitsOf(env: Env, group: LimitGroup): { ip: RateLimit | null; account: RateLimit | null } {
  switch (group) {
    case 'registration':
      return { ip: env.RATE_LIMIT_REGISTRATION_IP, account: env.RATE_LIMIT_REGISTRATION_ACCOUNT };
    case 'reset':
      return { ip: env.RATE_LIMIT_RESET_IP, account: env.RATE_LIMIT_RESET_ACCOUNT };
    case 'signup':
      return { ip: env.RATE_LIMIT_SIGNUP_IP, account: env.RATE_LIMIT_SIGNUP_ACCOUNT };
  }
}

/**
 * Abuse protection for one procedure call (issue 7): per-address and per-account rate limits
 * in Redis, then the optional CAPTCHA, as `GUARDED_PROCEDURES` says. Runs as a tRPC middleware
 * (trpc/init.ts), before input validation, so malformed floods are counted too.
 */
export class AbuseGuard {
  /** Fails open: while Redis is down these limits let calls through (the password check does not). */
  private readonly gate: LimitGate | undefined;
  private readonly captcha: CaptchaVerifier | undefined;

  constructor(private readonly deps: AbuseGuardDeps) {
    this.gate =
      deps.env.RATE_LIMIT_ENABLED && deps.redis
        ? new LimitGate(new RateLimits(deps.redis, deps.env.QUEUE_PREFIX), deps.logger, false)
        : undefined;
    this.captcha = deps.captcha ?? createCaptchaVerifier(deps.env);
  }

  /** Throws 429/503/400 when the call must not run; else returns what to do once it ran. */
  async check(call: Call): Promise<AfterCall | undefined> {
    const rule = GUARDED_PROCEDURES[call.path];
    const ip = clientAddress(call.ctx.req);
    if (!rule) {
      // Taken already by reads/fast-reads.ts, which then handed the request on to the procedure.
      const taken = (call.ctx.res.locals as Record<string, unknown> | undefined)?.[GENERAL_LIMIT_TAKEN] === true;
      if (this.gate && this.deps.env.RATE_LIMIT_GENERAL_IP && !taken) {
        await this.enforce(call, 'general:ip', this.deps.env.RATE_LIMIT_GENERAL_IP, ip);
      }
      return undefined;
    }
    const raw = await call.getRawInput();
    const input = isRecord(raw) ? raw : {};
    const after = this.gate ? await this.limitRule(call, rule, ip, input) : undefined;
    if (rule.captcha && this.captcha) await this.verifyCaptcha(call, input, ip);
    return after;
  }

  private async limitRule(call: Call, rule: GuardRule, ip: string, input: Record<string, unknown>): Promise<AfterCall | undefined> {
    const { ip: ipLimit, account: accountLimit } = limitsOf(this.deps.env, rule.group);
    if (ipLimit) await this.enforce(call, `${rule.group}:ip`, ipLimit, ip);
    const value = rule.account(input);
    const account = typeof value === 'string' || typeof value === 'number' ? String(value).trim().toLowerCase() : '';
    if (!accountLimit || !account) return undefined;
    const counted = await this.enforce(call, `${rule.group}:account`, accountLimit, account);
    if (!rule.countFailuresOnly || !counted) return undefined;
    const limits = this.gate!.limits;
    return async (ok) => {
      if (ok) await limits.refund(`${rule.group}:account`, accountLimit, account);
    };
  }

  private enforce(call: Call, name: string, limit: RateLimit, key: string): Promise<boolean> {
    return this.gate!.take({ path: call.path, res: call.ctx.res }, name, limit, key);
  }

  private async verifyCaptcha(call: Call, input: Record<string, unknown>, ip: string): Promise<void> {
    const token = captchaToken(input, call.ctx.req.headers[CAPTCHA_HEADER]);
    if (!token) throw ValidationError.field('captcha', MSG.required);
    const verdict = await this.captcha!(token, ip);
    if (verdict === 'ok') return;
    if (verdict === 'unavailable') {
      this.deps.logger.warn({ path: call.path, provider: this.deps.env.CAPTCHA_PROVIDER }, 'captcha verification unavailable');
      throw ValidationError.field('captcha', SECURITY_MSG.captchaUnavailable);
    }
    throw ValidationError.field('captcha', SECURITY_MSG.captchaInvalid);
  }
}

interface GuardedCall<R> extends Call {
  ctx: Context;
  next: () => Promise<R>;
}

/**
 * The tRPC middleware body (trpc/init.ts puts it under every procedure): records the route and
 * caller kind for the request log, then applies the guard around the call.
 */
export async function guardProcedureCall<R extends { ok: boolean }>(opts: GuardedCall<R>): Promise<R> {
  const { ctx } = opts;
  const locals = ctx.res.locals as Record<string, unknown>;
  locals.route = opts.path;
  locals.caller = ctx.actor.kind === 'user' ? `user:${ctx.actor.via}` : ctx.actor.kind;
  const after = ctx.services.abuse ? await ctx.services.abuse.check(opts) : undefined;
  const result = await opts.next();
  if (after) await after(result.ok);
  return result;
}

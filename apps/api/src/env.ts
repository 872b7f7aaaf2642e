import { existsSync } from 'node:fs';
import dotenv from 'dotenv';
import { z } from 'zod';

/**
 * The only reader of `process.env` (STYLE.md §1.2). Names stay as in operations.md §1 so a
 * grep for a variable finds both the docs and every use.
 */

const DEV_SECRET_KEY = 'dev-insecure-secret-key-change-me';

// Env values are text: "1", "true", "yes" and "on" are true; "0", "false", "no", "off" and "" are false.
const flag = (fallback: boolean) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined) return fallback;
      const s = v.trim().toLowerCase();
      if (['1', 'true', 'yes', 'on'].includes(s)) return true;
      if (['0', 'false', 'no', 'off', ''].includes(s)) return false;
      ctx.addIssue({ code: 'custom', message: 'must be true or false' });
      return z.NEVER;
    });

const int = (fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === '') return fallback;
      const n = Number(v.trim());
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: `must be an integer between ${min} and ${max}` });
        return z.NEVER;
      }
      return n;
    });

const text = (fallback: string) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined ? fallback : v));

const url = (fallback: string, protocols: string[]) =>
  text(fallback).refine(
    (v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    { message: `must be a URL (${protocols.join(', ')})` },
  );

const list = (fallback: string[]) =>
  z
    .string()
    .optional()
    .transform((v) =>
      v === undefined
        ? fallback
        : v
            .split(/[\s,]+/)
            .map((s) => s.trim())
            .filter(Boolean),
    );

/** A rate limit written `N/S`: N requests per S seconds; `0` or `off` disables it. */
export interface RateLimit {
  points: number;
  seconds: number;
}

const rate = (fallback: string) =>
  text(fallback).transform((v, ctx): RateLimit | null => {
    const s = v.trim().toLowerCase();
    if (s === '0' || s === 'off' || s === '') return null;
    const m = /^(\d+)\s*\/\s*(\d+)\s*s?$/.exec(s);
    if (!m || Number(m[1]) < 1 || Number(m[2]) < 1) {
      ctx.addIssue({ code: 'custom', message: 'must be N/S (N requests per S seconds) or off' });
      return z.NEVER;
    }
    return { points: Number(m[1]), seconds: Number(m[2]) };
  });

/** Express `trust proxy`: off, `true` (any), a hop count, or a list of addresses/subnets. */
const trustProxy = text('').transform((v): boolean | number | string => {
  const s = v.trim().toLowerCase();
  if (['', '0', 'false', 'no', 'off'].includes(s)) return false;
  if (['true', 'yes', 'on'].includes(s)) return true;
  if (/^\d+$/.test(s)) return Number(s);
  return v.trim();
});

const EnvSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    DATABASE_URL: url('postgres://postgres@127.0.0.1:5432/klub', ['postgres:', 'postgresql:']),
    REDIS_URL: url('redis://127.0.0.1:6379', ['redis:', 'rediss:']),
    SMTP_URL: url('smtp://127.0.0.1:1025', ['smtp:', 'smtps:']),
    PORT: int(8000, 0, 65535),
    SECRET_KEY: z.string().optional(),
    WEB_URL: text(''),
    SITE_NAME: text(''),
    DEFAULT_FROM_EMAIL: text('webmaster@localhost'),
    SUM_LAST_MONTH_PAYMENTS: int(0),
    SUM_LAST_YEAR_PAYMENTS: int(0),
    DARUJME_ENABLED: flag(false),
    DARUJME_URL: url('https://www.darujme.cz/api/v1/', ['http:', 'https:']),
    QUEUE_PREFIX: text('klub').pipe(z.string().min(1, 'must not be empty')),
    RATE_LIMIT_ENABLED: flag(true),
    CAPTCHA_PROVIDER: z.enum(['none', 'hcaptcha', 'recaptcha', 'turnstile']).default('none'),
    CAPTCHA_SECRET: text(''),
    CAPTCHA_VERIFY_URL: text(''),
    // Abuse limits per client address and per account / e-mail (security/guarded-procedures.ts).
    RATE_LIMIT_TOKEN_IP: rate('30/60'),
    RATE_LIMIT_TOKEN_ACCOUNT: rate('10/900'),
    RATE_LIMIT_REGISTRATION_IP: rate('20/3600'),
    RATE_LIMIT_REGISTRATION_ACCOUNT: rate('5/3600'),
    RATE_LIMIT_RESET_IP: rate('20/3600'),
    RATE_LIMIT_RESET_ACCOUNT: rate('5/3600'),
    RATE_LIMIT_SIGNUP_IP: rate('600/60'),
    RATE_LIMIT_SIGNUP_ACCOUNT: rate('20/3600'),
    /** Every other procedure, per client address. */
    RATE_LIMIT_GENERAL_IP: rate('1200/60'),
    /** Memory for kept answers of cacheable reads (cache/response-cache.ts); 0 turns it off. */
    RESPONSE_CACHE_MB: int(64, 0, 4096),
    /** Public sign-ups committed together at most (routers/signups/batching.ts); 1 turns batching off. */
    SIGNUP_BATCH_MAX: int(64, 1, 1000),
    /** A request still unanswered after this long gets 503 (0: no limit). */
    REQUEST_TIMEOUT_MS: int(30_000, 0, 3_600_000),
    TRUST_PROXY: trustProxy,
    STORAGE_DIR: text('./var/storage'),
    TZ_BUSINESS: text('Europe/Prague').refine(
      (tz) => {
        try {
          new Intl.DateTimeFormat('en', { timeZone: tz });
          return true;
        } catch {
          return false;
        }
      },
      { message: 'must be an IANA time zone' },
    ),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
    /** Browser origins allowed to call the API with CORS; `*` allows any. Empty: no CORS headers. */
    CORS_ORIGINS: list([]),
    /** api.md §13 `ORGANIZATION_FINANCE_PROGRAM_TYPES`. */
    PROGRAM_TYPES: list(['zmj', 'dpnk', 'lab']),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && !env.SECRET_KEY) {
      ctx.addIssue({ code: 'custom', path: ['SECRET_KEY'], message: 'is required when NODE_ENV=production' });
    }
  })
  .transform(({ SECRET_KEY, LOG_LEVEL, ...env }) => ({
    ...env,
    SECRET_KEY: SECRET_KEY || DEV_SECRET_KEY,
    LOG_LEVEL: LOG_LEVEL ?? (env.NODE_ENV === 'test' ? ('silent' as const) : ('info' as const)),
  }));

export type Env = z.output<typeof EnvSchema>;

/** Thrown for a bad configuration; `message` is one line naming the variable. */
export class EnvError extends Error {
  override name = 'EnvError';
}

/**
 * Parse and validate configuration. Reads `.env` first (without overriding real variables)
 * when `source` is the process environment; tests pass their own object instead.
 */
export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  if (source === process.env && existsSync('.env')) dotenv.config({ path: '.env', quiet: true });
  const result = EnvSchema.safeParse(source);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const name = String(issue?.path[0] ?? 'environment');
  const raw = source[name];
  const shown = raw === undefined || name === 'SECRET_KEY' ? '' : ` (got ${JSON.stringify(raw)})`;
  throw new EnvError(`Invalid environment variable ${name}: ${issue?.message ?? 'invalid'}${shown}`);
}

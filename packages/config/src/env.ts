import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import dotenv from 'dotenv';
import { z } from 'zod';
import { flag, int, list, optionalText, rate, text, timeZone, trustProxy, url } from './values.js';

/**
 * The one reader of `process.env` for the API, the worker and the CLI (STYLE.md §1.2). One zod
 * schema rather than a library such as `@t3-oss/env-core`: that one's value is splitting client
 * from server variables, which a server-only project does not need, while its messages and its
 * parsing of flags would differ from ours; zod is already everywhere here. Names and defaults
 * are those of operations.md §1 and the README's configuration table.
 */

/** HS256 wants a key at least as long as its hash (RFC 7518 §3.2): 256 bits. */
export const SECRET_KEY_MIN_BYTES = 32;

const secretKey = optionalText().refine((v) => v === undefined || Buffer.byteLength(v, 'utf8') >= SECRET_KEY_MIN_BYTES, {
  message: `must be at least ${SECRET_KEY_MIN_BYTES} bytes (e.g. the output of \`openssl rand -base64 32\`), or unset to use the key generated into the database`,
});

const EnvSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    DATABASE_URL: url('postgres://postgres@127.0.0.1:5432/klub', ['postgres:', 'postgresql:']),
    /** Tests only: the database of a test run, instead of one named after the run. */
    TEST_DATABASE_URL: optionalText(),
    REDIS_URL: url('redis://127.0.0.1:6379', ['redis:', 'rediss:']),
    SMTP_URL: url('smtp://127.0.0.1:1025', ['smtp:', 'smtps:']),
    PORT: int(8000, 0, 65535),
    /**
     * Signs JWTs, password-reset tokens and download links. Unset: the installation's key, made
     * at the first start and kept in the database (@klub/db `withSecretKey`), never a constant.
     */
    SECRET_KEY: secretKey,
    WEB_URL: text(''),
    SITE_NAME: text(''),
    DEFAULT_FROM_EMAIL: text('webmaster@localhost'),
    SUM_LAST_MONTH_PAYMENTS: int(0),
    SUM_LAST_YEAR_PAYMENTS: int(0),
    DARUJME_ENABLED: flag(false),
    DARUJME_URL: url('https://www.darujme.cz/api/v1/', ['http:', 'https:']),
    /** Worker: a new Darujme donor's username is the e-mail address (else generated, api.md §12.3). */
    DARUJME_EMAIL_AS_USERNAME: flag(false),
    QUEUE_PREFIX: text('klub').pipe(z.string().min(1, 'must not be empty')),
    /** API: processes serving HTTP on the one port (node:cluster); default one per core. The worker is separate. */
    WEB_CONCURRENCY: int(availableParallelism(), 1, 256),
    /** API: password hashes (Argon2id, legacy PBKDF2) computed at once per process; more wait, cheap requests keep the cores. */
    PASSWORD_HASH_CONCURRENCY: int(1, 1, 64),
    /** Worker: jobs at once on the e-mail queue. */
    WORKER_CONCURRENCY: int(4, 1, 64),
    /** Worker: jobs at once on the payments queue (imports, checks, Darujme). */
    PAYMENTS_CONCURRENCY: int(1, 1, 16),
    /** Worker: mass e-mails (issue 19) leave at most this many messages per second, per mailing. */
    MAILING_RATE: int(50, 1, 10_000),
    /** Worker: threads drawing tax-confirmation PDFs (issue 20); 0 = every core but one. */
    TAX_PDF_THREADS: int(0, 0, 64),
    /** The API's address as people reach it: the base of the unsubscribe links in mass e-mails. */
    PUBLIC_API_URL: url('http://127.0.0.1:8000', ['http:', 'https:']),
    RATE_LIMIT_ENABLED: flag(true),
    CAPTCHA_PROVIDER: z.enum(['none', 'hcaptcha', 'recaptcha', 'turnstile']).default('none'),
    CAPTCHA_SECRET: text(''),
    CAPTCHA_VERIFY_URL: text(''),
    // Abuse limits per client address and per account / e-mail (API security/guarded-procedures.ts).
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
    /** Memory for kept answers of cacheable reads (API cache/response-cache.ts); 0 turns it off. */
    RESPONSE_CACHE_MB: int(64, 0, 4096),
    /** Public sign-ups committed together at most (API signups/signup-writer.ts); 1 writes each alone. */
    SIGNUP_BATCH_MAX: int(64, 1, 1000),
    /** A request still unanswered after this long gets 503 (0: no limit). */
    REQUEST_TIMEOUT_MS: int(30_000, 0, 3_600_000),
    /** Retention rule (docs/data-protection.md): people with no payment, interaction or sign-in for this many years are candidates for erasure. */
    RETENTION_INACTIVE_YEARS: int(10, 1, 100),
    TRUST_PROXY: trustProxy,
    /** Uploaded files: statements, PDFs, event photos (operations.md §1). */
    STORAGE_DIR: text('./var/storage').pipe(z.string().min(1, 'must not be empty')),
    TZ_BUSINESS: timeZone('Europe/Prague'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
    /** Browser origins allowed to call the API with CORS; `*` allows any. Empty: no CORS headers. */
    CORS_ORIGINS: list([]),
    /** api.md §13 `ORGANIZATION_FINANCE_PROGRAM_TYPES`. */
    PROGRAM_TYPES: list(['zmj', 'dpnk', 'lab']),
  })
  .transform(({ LOG_LEVEL, ...env }) => ({
    ...env,
    LOG_LEVEL: LOG_LEVEL ?? (env.NODE_ENV === 'test' ? ('silent' as const) : ('info' as const)),
  }));

/** The configuration as read; `SECRET_KEY` is undefined when the installation's generated key is to be used. */
export type Env = z.output<typeof EnvSchema>;

/** The configuration with the signing key resolved (set, or the installation's generated one). */
export type KeyedEnv = Env & { SECRET_KEY: string };

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
  const shown = raw === undefined || /SECRET/.test(name) ? '' : ` (got ${JSON.stringify(raw)})`;
  throw new EnvError(`Invalid environment variable ${name}: ${issue?.message ?? 'invalid'}${shown}`);
}

/**
 * `loadEnv()` for a process's start: a bad value prints the one line naming the variable, with
 * no stack (a configuration mistake, not a bug), and ends the process with status 1.
 */
export function loadEnvOrExit(): Env {
  try {
    return loadEnv();
  } catch (e) {
    if (!(e instanceof EnvError)) throw e;
    console.error(e.message);
    process.exit(1);
  }
}

import 'dotenv/config';
import { z } from 'zod';

const ZFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .default('false')
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const ZEnv = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z.string().min(1).default('postgres://postgres@127.0.0.1:5432/klub'),
  REDIS_URL: z.string().min(1).default('redis://127.0.0.1:6379'),
  SMTP_URL: z.string().min(1).default('smtp://127.0.0.1:1025'),
  QUEUE_PREFIX: z.string().min(1).default('klub'),
  /** Concurrency of the e-mail queue's worker. */
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  /** Concurrency of the payments queue's worker (imports, checks, Darujme). */
  PAYMENTS_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(1),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Front-end page of the password-reset link (api.md §13). */
  WEB_URL: z.string().default(''),
  /** Signature of the password-reset e-mail (api.md §13). */
  SITE_NAME: z.string().default(''),
  /** Uploaded bank statements are read from here (operations.md §1). */
  STORAGE_DIR: z.string().min(1).default('./var/storage'),
  TZ_BUSINESS: z.string().min(1).default('Europe/Prague'),
  DARUJME_ENABLED: ZFlag,
  DARUJME_URL: z.url().default('https://www.darujme.cz/api/v1/'),
  /** A new Darujme donor's username is the e-mail address (else generated, api.md §12.3). */
  DARUJME_EMAIL_AS_USERNAME: ZFlag,
});

export type WorkerEnv = z.infer<typeof ZEnv>;

/** The worker's configuration (operations.md §1); a bad value stops the process with its name. */
export function loadWorkerEnv(source: Record<string, string | undefined> = process.env): WorkerEnv {
  const result = ZEnv.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration: ${lines.join('; ')}`);
  }
  return result.data;
}

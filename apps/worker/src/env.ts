import 'dotenv/config';
import { z } from 'zod';

const ZEnv = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z.string().min(1).default('postgres://postgres@127.0.0.1:5432/klub'),
  REDIS_URL: z.string().min(1).default('redis://127.0.0.1:6379'),
  SMTP_URL: z.string().min(1).default('smtp://127.0.0.1:1025'),
  QUEUE_PREFIX: z.string().min(1).default('klub'),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
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

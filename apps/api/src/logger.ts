import { pino, type Logger } from 'pino';
import type { Env } from '@klub/config';
import { maskEmails, maskEmailsDeep } from './security/log-masking.js';

export type { Logger };

// Credentials must never reach the logs, whatever object a caller happens to log.
const SECRET_KEYS = [
  'password',
  'password1',
  'password2',
  'new_password',
  'old_password',
  'token',
  'access',
  'refresh',
  'access_token',
  'refresh_token',
  'client_secret',
  'secret',
  'secret_key',
  'SECRET_KEY',
  'CAPTCHA_SECRET',
  'authorization',
  'cookie',
];

export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrftoken"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  ...SECRET_KEYS,
  ...SECRET_KEYS.map((k) => `*.${k}`),
  ...SECRET_KEYS.map((k) => `*.*.${k}`),
];

/** JSON logs to stdout; one logger per process, a child per request (`ctx.log`). */
export function createLogger(env: Pick<Env, 'LOG_LEVEL'>, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level: env.LOG_LEVEL,
    // The pid tells the processes of a cluster (WEB_CONCURRENCY) apart.
    base: { service: 'api', pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    // E-mail addresses are personal data: masked in every logged string, error messages included.
    formatters: { level: (label) => ({ level: label }), log: (obj) => maskEmailsDeep(obj) as Record<string, unknown> },
    serializers: { err: (e: Error) => maskEmailsDeep({ ...pino.stdSerializers.err(e) }) },
    hooks: {
      logMethod(args, method) {
        method.apply(this, args.map((a) => (typeof a === 'string' ? maskEmails(a) : a)) as Parameters<typeof method>);
      },
    },
  };
  // Asynchronous stdout: a write per line costs a system call on the request path; lines written
  // while one is in flight go out together. pino flushes what is left when the process exits.
  return pino(options, destination ?? pino.destination({ dest: 1, sync: false }));
}

/**
 * The access log's logger: a request line holds only the request id, method, masked URL
 * (`loggableUrl`), route, caller kind, status and duration, so it skips the redaction and deep
 * masking above, which cost several times more than writing the line.
 */
export function accessLogger(logger: Logger): Logger {
  return logger.child({}, { redact: { paths: ['__access_line_has_no_secrets'] }, formatters: { log: (line) => line } });
}

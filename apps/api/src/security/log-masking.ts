/**
 * Personal data and credentials in logs (issue 7): e-mail addresses are masked wherever they
 * appear in a log line (`jane.doe@example.org` → `j***@example.org`, the domain kept for
 * support), and credential-looking query parameters are replaced in logged URLs. Keys named
 * like secrets are redacted by pino itself (logger.ts REDACT_PATHS).
 */

const EMAIL = /([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)/g;

export function maskEmails(text: string): string {
  return text.includes('@') ? text.replace(EMAIL, '$1***@$2') : text;
}

const SECRET_PARAM = /^(access_token|refresh_token|token|refresh|access|password\d?|new_password|secret|client_secret|code|captcha|t)$/i;

/** A request URL fit for the log: secret-looking parameters replaced, e-mails masked. */
export function loggableUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return maskEmails(url);
  const params = new URLSearchParams(url.slice(q + 1));
  for (const [key, value] of [...params.entries()]) {
    params.set(key, SECRET_PARAM.test(key) ? '[redacted]' : maskEmails(value));
  }
  return maskEmails(`${url.slice(0, q)}?${params.toString()}`);
}

/** Mask e-mails in every string of a log object (plain objects and arrays; errors via their serializer). */
export function maskEmailsDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskEmails(value);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => maskEmailsDeep(v, depth + 1));
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = maskEmailsDeep(v, depth + 1);
  return out;
}

import type { Env } from '@klub/config';

/** The verify endpoints of the supported providers; all take the same form POST and answer `{"success": bool}`. */
export const CAPTCHA_VERIFY_URLS = {
  hcaptcha: 'https://api.hcaptcha.com/siteverify',
  recaptcha: 'https://www.google.com/recaptcha/api/siteverify',
  turnstile: 'https://challenges.cloudflare.com/turnstile/v0/siteverify',
} as const;

/** Where a client may put the answer: our `captcha` field, or the provider widget's own form field name. */
export const CAPTCHA_FIELDS = ['captcha', 'h-captcha-response', 'g-recaptcha-response', 'cf-turnstile-response'] as const;
export const CAPTCHA_HEADER = 'x-captcha-token';

export type CaptchaVerdict = 'ok' | 'rejected' | 'unavailable';

export type CaptchaVerifier = (token: string, remoteIp: string | undefined) => Promise<CaptchaVerdict>;

/** The configured verifier, or undefined when `CAPTCHA_PROVIDER=none`. */
export function createCaptchaVerifier(
  env: Pick<Env, 'CAPTCHA_PROVIDER' | 'CAPTCHA_SECRET' | 'CAPTCHA_VERIFY_URL'>,
  fetchImpl: typeof fetch = fetch,
  timeoutMs = 5000,
): CaptchaVerifier | undefined {
  if (env.CAPTCHA_PROVIDER === 'none') return undefined;
  const url = env.CAPTCHA_VERIFY_URL || CAPTCHA_VERIFY_URLS[env.CAPTCHA_PROVIDER];
  return async (token, remoteIp) => {
    const form = new URLSearchParams({ secret: env.CAPTCHA_SECRET, response: token });
    if (remoteIp) form.set('remoteip', remoteIp);
    try {
      const res = await fetchImpl(url, { method: 'POST', body: form, signal: AbortSignal.timeout(timeoutMs) });
      if (!res.ok) return 'unavailable';
      const body = (await res.json()) as { success?: unknown };
      return body.success === true ? 'ok' : 'rejected';
    } catch {
      return 'unavailable';
    }
  };
}

/** The answer a client sent, from the body (raw input) or the header. */
export function captchaToken(input: Record<string, unknown>, header: string | string[] | undefined): string | undefined {
  for (const name of CAPTCHA_FIELDS) {
    const v = input[name];
    if (typeof v === 'string' && v.trim()) return v.trim();
  }
  const h = Array.isArray(header) ? header[0] : header;
  return h?.trim() || undefined;
}

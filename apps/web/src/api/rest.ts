import { csrfToken } from './csrf.js';
import { currentLanguage } from '../i18n/index.js';

/** An error answered by a REST path, carrying its DRF body like a tRPC error's `data.drf.body`. */
export class RestError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    const detail = (body as { detail?: unknown } | null)?.detail;
    super(typeof detail === 'string' ? detail : `HTTP ${status}`);
  }
}

/**
 * A request to a REST path with the browser session, for what tRPC's JSON link cannot carry
 * (multipart uploads) or what the browser should save (CSV).
 */
export async function restFetch(path: string, init: RequestInit = {}): Promise<Response> {
  const token = csrfToken();
  const res = await fetch(path, {
    ...init,
    credentials: 'same-origin',
    headers: { 'Accept-Language': currentLanguage(), ...(token ? { 'X-CSRFToken': token } : {}), ...init.headers },
  });
  if (!res.ok) throw new RestError(res.status, await res.json().catch(() => null));
  return res;
}

import { RestError } from './rest.js';
import { isApiError } from './trpc.js';

/** DRF's error body (`{"field": ["message"]}`, `non_field_errors`, or `{"detail": "..."}`), as the API sends it in `data.drf.body`. */
export type FieldErrors = Record<string, string[]>;

export function fieldErrorsOf(error: unknown): FieldErrors {
  if (!isApiError(error) && !(error instanceof RestError)) return {};
  const body = error instanceof RestError ? error.body : (error.data?.drf as { body?: unknown } | undefined)?.body;
  if (!body || typeof body !== 'object') return {};
  const out: FieldErrors = {};
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (Array.isArray(value)) out[key] = value.map(String);
    else if (typeof value === 'string') out[key] = [value];
  }
  return out;
}

/** The message for the whole form: `detail`, `non_field_errors`, or the error's own message. */
export function formErrorOf(error: unknown, fields: readonly string[] = []): string | undefined {
  if (!error) return undefined;
  const errors = fieldErrorsOf(error);
  const general = errors.detail ?? errors.non_field_errors;
  if (general?.length) return general.join(' ');
  const unshown = Object.entries(errors).filter(([k]) => !fields.includes(k));
  if (unshown.length) return unshown.map(([k, v]) => `${k}: ${v.join(' ')}`).join('; ');
  if (Object.keys(errors).length) return undefined;
  return error instanceof Error ? error.message : typeof error === 'string' ? error : undefined;
}

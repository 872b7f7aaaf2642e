import { z } from 'zod';

// Repeated query keys arrive as a list (DRF's QueryDict.get takes the last one); /trpc callers
// may send a number.
const lastText = (v: unknown): unknown => {
  const last = Array.isArray(v) ? (v as unknown[])[v.length - 1] : v;
  if (typeof last === 'number') return String(last);
  return typeof last === 'string' ? last : undefined;
};

/**
 * A query parameter the domain interprets itself (an `?event=` id that must answer 404, not
 * 400, when it is no integer; a `?dob=` that must answer 403): never a validation error here.
 */
export function queryText(description: string) {
  return z.preprocess((v: string | number) => lastText(v), z.string().optional()).describe(description);
}

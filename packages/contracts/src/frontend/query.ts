import { z } from 'zod';
import { accepting } from '../query-params.js';

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
 * `accepts` is what the domain understands, for the OpenAPI document.
 */
export function queryText(description: string, accepts?: z.core.$ZodType) {
  const text = z.preprocess((v: string | number) => lastText(v), z.string().optional()).describe(description);
  return accepts ? accepting(text, accepts) : text;
}

import { z } from 'zod';

/**
 * Some query parameters must pass input validation as plain text, because the resolver reads
 * them with answers of its own: `page` (404 "Invalid page."), `page_size` (ignored when
 * invalid), django-filter's filters (their own 400 messages, or no filter at all), ids that must
 * answer 404 or 403. Their zod type is therefore `string`, which is all a client generated from
 * the OpenAPI document would see. `accepting` records the values such a parameter really takes,
 * and the document shows that type instead (apps/api/src/rest/openapi.ts).
 */

// Registry entries follow `.describe()`/`.meta()` clones (zod reads a clone's parent). The entry
// is typed `unknown` because a registry rewrites zod types inside its metadata type.
const accepted = z.registry<{ accepts: unknown }>();

/** `schema`, documented as taking the values of `accepts`. */
export function accepting<S extends z.ZodType>(schema: S, accepts: z.core.$ZodType): S {
  accepted.add(schema, { accepts });
  return schema;
}

/** The type `accepting` gave an object-shape entry, looking through optional/nullable/default. */
export function acceptedBy(schema: z.core.$ZodType | undefined): z.core.$ZodType | undefined {
  let s = schema;
  for (let i = 0; s && i < 6; i++) {
    const entry = accepted.get(s);
    if (entry) return entry.accepts as z.core.$ZodType;
    s = (s._zod.def as { innerType?: z.core.$ZodType }).innerType;
  }
  return undefined;
}

/** Value types for `accepting`. */
export const queryValue = {
  // `z.int()` would also document ±2^53 bounds that no parameter has.
  integer: (o: { min?: number } = {}) =>
    (o.min === undefined ? z.number() : z.number().min(o.min)).refine(Number.isInteger).meta({ type: 'integer' }),
  boolean: () => z.boolean(),
  /** ISO 8601 date and time; an offset is optional (no offset = Europe/Prague time). */
  datetime: () => z.string().meta({ format: 'date-time' }),
  date: () => z.string().meta({ format: 'date' }),
  choice: <const T extends readonly [string, ...string[]]>(values: T) => z.enum(values),
};

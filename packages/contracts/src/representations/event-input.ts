import { z } from 'zod';
import { drfFields, parseDrfInteger } from '../fields.js';
import { MSG } from '../messages.js';
import { pyTypeName } from '../zod-drf.js';

/** Field builders of the Event representation's write side (the fields: `event.ts`). */

/** domain.md §8 phone regex (model level), applied to `contact_person_telephone`. */
export const EVENT_TELEPHONE_PATTERN = /^\+?(42(0|1){1})?\s?\d{3}\s?\d{3}\s?\d{3}$/;

/**
 * DRF's ManyRelatedField of primary keys: a list of ids; one flat list of messages for the
 * field (not keyed by index). Whether the rows exist is the domain's check.
 */
export function pkList(o: { description: string; allowEmpty?: boolean }) {
  const schema = z
    .preprocess(
      (input: ReadonlyArray<number | string>, ctx) => {
        const v: unknown = input;
        if (v === undefined || v === null) return v;
        if (!Array.isArray(v)) {
          ctx.addIssue({ code: 'custom', message: MSG.notAList(pyTypeName(v)), input: v });
          return v;
        }
        if (v.length === 0 && o.allowEmpty === false) {
          ctx.addIssue({ code: 'custom', message: MSG.emptyList, input: v });
          return input;
        }
        const ids: number[] = [];
        for (const item of v as unknown[]) {
          const n = typeof item === 'boolean' ? undefined : parseDrfInteger(item);
          if (n === undefined) {
            ctx.addIssue({ code: 'custom', message: MSG.incorrectPkType(pyTypeName(item)), input: v });
            return input;
          }
          if (!ids.includes(n)) ids.push(n);
        }
        return ids;
      },
      z.array(z.number().int()),
    )
    .describe(o.description);
  // A list for the form-body converter: a repeated key (or a single one) becomes a list.
  drfFields.add(schema, { kind: 'list' });
  return schema;
}

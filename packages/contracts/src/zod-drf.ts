import { z } from 'zod';
import { MSG } from './messages.js';

/**
 * DRF wording for zod (api.md §1.2, §1.5): a global error map for any schema that does not
 * bring its own messages, and the conversion of zod issues into DRF's field-error body.
 */

/** DRF field errors: `{"field": ["msg"]}`, nested objects, lists aligned with the input. */
export type TFieldErrors = { [field: string]: string[] | TFieldErrors | TFieldErrors[] };

/** The message DRF gives a nested serializer that received something other than an object. */
export const notADictionary = (type: string) => `Invalid data. Expected a dictionary, but got ${type}.`;

/** Python's name for a JSON value's type, as DRF puts it into messages ("str", "int", "dict"). */
export function pyTypeName(value: unknown): string {
  if (value === null || value === undefined) return 'NoneType';
  if (typeof value === 'string') return 'str';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (Array.isArray(value)) return 'list';
  return 'dict';
}

/** Python's `str()` of a JSON value, which is how DRF quotes input inside messages. */
export function pyStr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value);
}

const expectedMessage = (expected: string, input: unknown): string | undefined => {
  switch (expected) {
    case 'string':
      return MSG.invalidString;
    case 'int':
    case 'bigint':
      return MSG.invalidInteger;
    case 'number':
      return MSG.invalidNumber;
    case 'boolean':
      return MSG.invalidBoolean;
    case 'date':
      return MSG.invalidDatetime;
    case 'array':
    case 'tuple':
    case 'set':
      return MSG.notAList(pyTypeName(input));
    case 'object':
    case 'record':
    case 'map':
      return notADictionary(pyTypeName(input));
    default:
      return MSG.invalidValue;
  }
};

/**
 * The global zod error map (installed by `installDrfErrorMap`). Schemas built with
 * `fields.ts` carry their own messages; this covers plain `z.string()`, `z.object()` etc.
 */
export const drfErrorMap: z.core.$ZodErrorMap = (iss) => {
  const input = iss.input;
  switch (iss.code) {
    case 'invalid_type':
      if (input === undefined) return MSG.required;
      if (input === null) return MSG.notNull;
      return expectedMessage(iss.expected, input);
    case 'too_small': {
      const n = Number(iss.minimum);
      if (iss.origin === 'string') return n === 1 ? MSG.blank : MSG.minLength(n);
      if (iss.origin === 'array' || iss.origin === 'set') return n === 1 ? MSG.emptyList : `Ensure this field has at least ${n} elements.`;
      if (iss.origin === 'number' || iss.origin === 'int' || iss.origin === 'bigint') {
        return iss.inclusive === false ? `Ensure this value is greater than ${n}.` : MSG.minValue(n);
      }
      return undefined;
    }
    case 'too_big': {
      const n = Number(iss.maximum);
      if (iss.origin === 'string') return MSG.maxLength(n);
      if (iss.origin === 'array' || iss.origin === 'set') return `Ensure this field has no more than ${n} elements.`;
      if (iss.origin === 'number' || iss.origin === 'int' || iss.origin === 'bigint') {
        return iss.inclusive === false ? `Ensure this value is less than ${n}.` : MSG.maxValue(n);
      }
      return undefined;
    }
    case 'invalid_format':
      if (iss.format === 'email') return MSG.invalidEmail;
      if (iss.format === 'url') return MSG.invalidUrl;
      if (iss.format === 'date') return MSG.invalidDate;
      if (iss.format === 'datetime') return MSG.invalidDatetime;
      return MSG.invalidValue;
    case 'invalid_value':
      return MSG.invalidChoice(pyStr(input));
    case 'invalid_union':
      if (input === undefined) return MSG.required;
      if (input === null) return MSG.notNull;
      return MSG.invalidValue;
    case 'not_multiple_of':
    case 'invalid_key':
    case 'invalid_element':
      return MSG.invalidValue;
    default:
      return undefined;
  }
};

let installed = false;

/**
 * Make DRF's wording zod's default for this process. Idempotent. Called when this module loads,
 * so every consumer of `@klub/contracts` (API, worker, tests) parses with the same messages.
 */
export function installDrfErrorMap(): void {
  if (installed) return;
  z.config({ customError: drfErrorMap });
  installed = true;
}
installDrfErrorMap();

type Node = TFieldErrors | TFieldErrors[];

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function at(input: unknown, key: PropertyKey): unknown {
  if (Array.isArray(input) && typeof key === 'number') return input[key];
  if (isRecord(input) && typeof key === 'string') return input[key];
  return undefined;
}

function pushMessage(container: Node, key: string | number, message: string): void {
  const slot = (container as Record<string | number, unknown>)[key];
  if (Array.isArray(slot) && slot.every((x) => typeof x === 'string')) {
    slot.push(message);
  } else if (isRecord(slot)) {
    // Errors already nested below this key: a message about the key itself joins them as DRF does.
    const nf = (slot.non_field_errors ??= []) as string[];
    nf.push(message);
  } else {
    (container as Record<string | number, unknown>)[key] = [message];
  }
}

/** The child container for `key`, created as an aligned list or an object as the next step needs. */
function child(container: Node, key: string | number, aligned: number | null): Node {
  const rec = container as Record<string | number, unknown>;
  const slot = rec[key];
  if (aligned !== null) {
    if (Array.isArray(slot) && slot.every(isRecord)) return slot as TFieldErrors[];
    const list: TFieldErrors[] = Array.from({ length: aligned }, () => ({}));
    if (Array.isArray(slot) && slot.length) list.forEach((item) => (item.non_field_errors = [...(slot as string[])]));
    rec[key] = list;
    return list;
  }
  if (isRecord(slot)) return slot as TFieldErrors;
  const obj: TFieldErrors = {};
  if (Array.isArray(slot) && slot.length && slot.every((x) => typeof x === 'string')) obj.non_field_errors = slot;
  rec[key] = obj;
  return obj;
}

/**
 * Zod issues → DRF's validation body (api.md §1.5). Errors of a list of objects become a list
 * aligned with the input (`{}` for valid items), which is why the raw `input` is needed; errors
 * of a list of scalars are keyed by index, as DRF's ListField does.
 */
export function issuesToFieldErrors(
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string; code?: string; expected?: string }>,
  input: unknown,
): TFieldErrors {
  const root: TFieldErrors = {};
  for (const issue of issues) {
    const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
    if (path.length === 0) {
      pushMessage(root, 'non_field_errors', issue.message);
      continue;
    }
    let container: Node = root;
    let here: unknown = input;
    for (let i = 0; i < path.length; i++) {
      const key = path[i] as string | number;
      const next = path[i + 1];
      const last = i === path.length - 1;
      const value = at(here, key);
      if (Array.isArray(container) && typeof key === 'number') {
        // An aligned list: the item object always exists.
        const item: TFieldErrors = container[key] ?? (container[key] = {});
        if (last) pushMessage(item, 'non_field_errors', issue.message);
        container = item;
        here = value;
        continue;
      }
      if (last) {
        pushMessage(container, key, issue.message);
        break;
      }
      const itemIsObject =
        typeof next === 'number' &&
        Array.isArray(value) &&
        (i + 2 < path.length || isRecord(value[next]) || (issue.code === 'invalid_type' && issue.expected === 'object'));
      container = child(container, key, itemIsObject ? value.length : null);
      here = value;
    }
  }
  return root;
}

/** True for a zod error (also across package copies, which `instanceof` would miss). */
export function isZodError(e: unknown): e is z.ZodError {
  return e instanceof Error && e.name === 'ZodError' && Array.isArray((e as { issues?: unknown }).issues);
}

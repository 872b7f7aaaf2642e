import { MSG } from './messages.js';
import { QUERY_LIST, type TQueryList } from './fields.js';

/**
 * U+0000 in any text of a request (api.md §1.2; issue 15). PostgreSQL cannot store it, and a
 * statement that carries it breaks the wire protocol, so it must never get past validation.
 * DRF refuses it in every CharField (Django's ProhibitNullCharactersValidator); here one walk
 * over the raw input covers every field of every endpoint at once: body, query, path and
 * multipart fields, nested objects, lists, query lists and the keys of free JSON objects.
 */

export interface NullCharacterIssue {
  code: 'custom';
  path: Array<string | number>;
  message: string;
  input: unknown;
}

const isQueryList = (v: object): v is TQueryList => QUERY_LIST in v;

/** Plain data (parsed JSON, form fields, query); uploaded files and other instances are not text. */
const isPlainObject = (v: object): v is Record<string, unknown> => {
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
};

/**
 * One issue per field that holds a NUL, with the field's path as the client sent it (a query
 * list is one field, as DRF's filters see it; a body list is keyed by index, as DRF's ListField).
 */
export function nullCharacterIssues(input: unknown): NullCharacterIssue[] {
  const issues: NullCharacterIssue[] = [];
  const report = (path: Array<string | number>, value: unknown) => issues.push({ code: 'custom', path, message: MSG.nullCharacters, input: value });
  const walk = (value: unknown, path: Array<string | number>, depth: number): void => {
    // Deeper input is refused by the schemas anyway; the bound keeps a hostile body cheap.
    if (depth > 32) return;
    if (typeof value === 'string') {
      if (value.includes('\0')) report(path, value);
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => walk(item, [...path, i], depth + 1));
    } else if (typeof value === 'object' && value !== null) {
      if (isQueryList(value)) {
        if (value[QUERY_LIST].some((item) => typeof item === 'string' && item.includes('\0'))) report(path, value[QUERY_LIST]);
      } else if (isPlainObject(value)) {
        for (const [key, item] of Object.entries(value)) {
          if (key.includes('\0')) report([...path, key], item);
          else walk(item, [...path, key], depth + 1);
        }
      }
    }
  };
  walk(input, [], 0);
  return issues;
}

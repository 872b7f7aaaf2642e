import { MSG } from './messages.js';
import { QUERY_LIST, type TQueryList } from './fields.js';

/**
 * U+0000 in any text of a request (api.md §1.2; issue 15). PostgreSQL cannot store it, and a
 * statement that carries it breaks the wire protocol, so it must never get past validation.
 * DRF refuses it in every CharField (Django's ProhibitNullCharactersValidator); here one walk
 * over the raw input covers every field of every endpoint at once: body, query, path and
 * multipart fields, nested objects, lists, query lists and the keys of free JSON objects.
 */

type Path = Array<string | number>;

export interface NullCharacterIssue {
  code: 'custom';
  path: Path;
  message: string;
  input: unknown;
}

interface Node {
  value: unknown;
  parent: Node | undefined;
  key: string | number | undefined;
}

/** Enough to name every field of a real request; a hostile one is not worth more work. */
const MAX_ISSUES = 100;

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
  // Without recursion, as a hostile body may nest deeper than the call stack goes; a node knows
  // its parent, and a path is spelled out only for a report.
  const pending: Node[] = [{ value: input, parent: undefined, key: undefined }];
  const report = (node: Node, value: unknown) => {
    if (issues.length >= MAX_ISSUES) return;
    const path: Path = [];
    for (let n: Node | undefined = node; n?.key !== undefined; n = n.parent) path.push(n.key);
    issues.push({ code: 'custom', path: path.reverse(), message: MSG.nullCharacters, input: value });
  };
  const hasNul = (text: string) => text.includes('\0');
  // Texts are checked as their container is read, lists and objects queued (read by index):
  // fields are reported level by level, each level in input order.
  const child = (parent: Node, key: string | number, value: unknown) => {
    const node = { value, parent, key };
    if ((typeof key === 'string' && hasNul(key)) || (typeof value === 'string' && hasNul(value))) report(node, value);
    else if (typeof value === 'object' && value !== null) pending.push(node);
  };
  if (typeof input === 'string' && hasNul(input)) report(pending[0]!, input);
  for (let i = 0; i < pending.length; i++) {
    const node = pending[i]!;
    const { value } = node;
    if (Array.isArray(value)) {
      value.forEach((item, key) => child(node, key, item));
    } else if (typeof value === 'object' && value !== null) {
      if (isQueryList(value)) {
        if (value[QUERY_LIST].some((item) => typeof item === 'string' && hasNul(item))) report(node, value[QUERY_LIST]);
      } else if (isPlainObject(value)) {
        for (const [key, item] of Object.entries(value)) child(node, key, item);
      }
    }
  }
  return issues;
}

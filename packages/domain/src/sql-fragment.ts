import type { EntityManager } from '@mikro-orm/postgresql';
import { execute } from './sql.js';

/** A piece of SQL with its `?` parameters, so statements can be assembled from parts in order. */
export interface Sql {
  readonly text: string;
  readonly params: readonly unknown[];
}

const isSql = (value: unknown): value is Sql =>
  typeof value === 'object' && value !== null && 'text' in value && 'params' in value && !Array.isArray(value);

/**
 * `sql\`select … where id = ${id} and ${otherFragment}\``: values become `?` parameters (arrays
 * expand as in `execute`, so write `in (${ids})`), nested fragments are inlined with theirs.
 */
export function sql(strings: TemplateStringsArray, ...values: unknown[]): Sql {
  let text = strings[0]!;
  const params: unknown[] = [];
  values.forEach((value, i) => {
    if (isSql(value)) {
      text += value.text;
      params.push(...value.params);
    } else {
      // knex reads `??` as an identifier binding: never let two parameters touch.
      text += text.endsWith('?') ? ' ?' : '?';
      params.push(value);
    }
    text += strings[i + 1]!;
  });
  return { text, params };
}

/** Trusted SQL text (identifiers, keywords) without parameters. */
export const raw = (text: string): Sql => ({ text, params: [] });

/** Fragments separated by `separator` (e.g. the CTEs of one `with`). */
export function join(parts: readonly Sql[], separator: string): Sql {
  return { text: parts.map((p) => p.text).join(separator), params: parts.flatMap((p) => p.params) };
}

export function run<T = Record<string, unknown>[]>(em: EntityManager, statement: Sql): Promise<T> {
  return execute<T>(em, statement.text, statement.params);
}

import type { RouterOutputs } from '@klub/api/router';

type Named = Pick<
  RouterOutputs['admin']['people']['list']['results'][number],
  'kind' | 'first_name' | 'last_name' | 'name'
>;

/** How a person is named in lists and headings: a company by its name, a person by first and last name. */
export function personName(p: Named): string {
  if (p.kind === 'company' && p.name) return p.name;
  return [p.first_name, p.last_name].filter(Boolean).join(' ');
}

import { MAILING_VARIABLES, type MailingVariable, type Sex } from '@klub/contracts';

/**
 * The template language of mailings (issue 19 §2), after the original's (jobs.md §8.2) but with
 * braces for both parts: `{{first_name}}` is a variable (MAILING_VARIABLES), `{milý|milá}` the
 * male or female form by the person's sex (`milý/milá` when unknown). Checked when a mailing
 * is saved, so sending never meets an unknown variable.
 */

export type TemplatePart = { text: string } | { variable: MailingVariable } | { male: string; female: string };

export interface TemplateProblem {
  message: string;
}

const TOKEN = /\{\{\s*([^{}]*?)\s*\}\}|\{([^{}|]*)\|([^{}|]*)\}|[{}]/g;

/** The parts of `template`, or the problems that make it unusable (unknown variables named). */
export function parseTemplate(template: string): { parts: TemplatePart[] } | { problems: string[] } {
  const parts: TemplatePart[] = [];
  const problems: string[] = [];
  let last = 0;
  for (const m of template.matchAll(TOKEN)) {
    if (m.index > last) parts.push({ text: template.slice(last, m.index) });
    last = m.index + m[0].length;
    if (m[1] !== undefined) {
      if (m[1] in MAILING_VARIABLES) parts.push({ variable: m[1] as MailingVariable });
      else problems.push(`Unknown variable “${m[1]}”; known: ${Object.keys(MAILING_VARIABLES).join(', ')}.`);
    } else if (m[2] !== undefined) {
      parts.push({ male: m[2], female: m[3]! });
    } else {
      problems.push(`Unmatched “${m[0]}” at character ${m.index + 1}: write {{variable}} or {male form|female form}.`);
    }
  }
  if (last < template.length) parts.push({ text: template.slice(last) });
  return problems.length ? { problems } : { parts };
}

export type VariableValues = Record<MailingVariable, string>;

/** One part for one person. */
export function partFor(part: TemplatePart, values: VariableValues, sex: Sex): string {
  if ('text' in part) return part.text;
  if ('variable' in part) return values[part.variable];
  if (sex === 'male') return part.male;
  if (sex === 'female') return part.female;
  return `${part.male}/${part.female}`;
}

/** `template` filled in for one person (it must have parsed). */
export function fillTemplate(template: string, values: VariableValues, sex: Sex): string {
  const parsed = parseTemplate(template);
  if ('problems' in parsed) throw new Error(parsed.problems.join(' '));
  return parsed.parts.map((p) => partFor(p, values, sex)).join('');
}

/** The greeting when the person has no addressment of their own. */
export function defaultSalutation(language: string, sex: Sex): string {
  if (language !== 'cs') return 'Dear friend';
  return sex === 'female' ? 'Vážená přítelkyně' : sex === 'male' ? 'Vážený příteli' : 'Vážený příteli / Vážená přítelkyně';
}

/** Values for a test send without a chosen person. */
export const SAMPLE_VALUES: Omit<VariableValues, 'unit_name'> = {
  salutation: 'Vážená přítelkyně',
  first_name: 'Jana',
  last_name: 'Nováková',
  email: 'jana.novakova@example.org',
  city: 'Praha',
  regular_amount: '300',
  vs: '1234567890',
  total_this_year: '3600',
};

import { hash } from 'node:crypto';
import { z } from 'zod';
import {
  LANGUAGE,
  PEOPLE_IMPORT_DONATION_FIELDS,
  PEOPLE_IMPORT_FIELDS,
  REGULAR_FREQUENCY,
  type PeopleImportField,
  type TPeopleImportMapping,
} from '@klub/contracts';
import { ValidationError } from '../../errors.js';
import type { Cell } from './read-file.js';

export interface Reason {
  field: string;
  message: string;
}

/** One file row as the staging table holds it (columns of person_import_row). */
export interface StagedRow {
  row_no: number;
  row_key: string;
  email: string;
  first_name: string;
  last_name: string;
  telephone: string;
  street: string;
  city: string;
  zip_code: string;
  age_group: number | null;
  birth_month: number | null;
  birth_day: number | null;
  language: string | null;
  sex: string | null;
  note: string;
  vs: string | null;
  regular_amount: number | null;
  regular_frequency: string | null;
  money_account: string | null;
  event: string | null;
  wants_channel: boolean;
  parse_errors: Reason[];
}

/** Headers (folded: lower case, no accents or punctuation) that name a field, for the first guess. */
const HEADER_NAMES: Record<PeopleImportField, string[]> = {
  email: ['email', 'e-mail', 'mail', 'emailova adresa'],
  first_name: ['first name', 'firstname', 'jmeno', 'krestni jmeno', 'given name'],
  last_name: ['last name', 'lastname', 'surname', 'prijmeni', 'family name'],
  telephone: ['telephone', 'phone', 'telefon', 'tel', 'mobil', 'mobile'],
  street: ['street', 'ulice', 'adresa'],
  city: ['city', 'mesto', 'obec'],
  zip_code: ['zip', 'zip code', 'zipcode', 'psc', 'postal code'],
  birth_date: ['birth date', 'birthdate', 'date of birth', 'datum narozeni', 'narozeni'],
  language: ['language', 'jazyk'],
  sex: ['sex', 'gender', 'pohlavi'],
  note: ['note', 'poznamka'],
  vs: ['vs', 'variable symbol', 'variabilni symbol'],
  regular_amount: ['amount', 'regular amount', 'castka', 'pravidelna castka'],
  regular_frequency: ['frequency', 'regular frequency', 'frekvence', 'cetnost'],
  money_account: ['money account', 'account', 'ucet'],
  event: ['event', 'kampan', 'akce'],
};

const fold = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[_.:]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/** A first mapping from the headers' names (Czech or English), for a unit with no saved mapping. */
export function guessMapping(headers: readonly string[]): TPeopleImportMapping {
  const columns: Partial<Record<PeopleImportField, string>> = {};
  for (const h of headers) {
    const f = fold(h);
    const match = PEOPLE_IMPORT_FIELDS.find((field) => !columns[field] && HEADER_NAMES[field].includes(f));
    if (match) columns[match] = h;
  }
  return { columns, defaults: {} };
}

/** The saved mapping for a file: only the columns the file has. */
export function mappingForHeaders(saved: TPeopleImportMapping, headers: readonly string[]): TPeopleImportMapping {
  const present = new Set(headers);
  const columns = Object.fromEntries(Object.entries(saved.columns).filter(([, h]) => present.has(h)));
  return { columns, defaults: saved.defaults ?? {} };
}

/** A mapping the caller sent: every column must be one of the file's, and the e-mail (the identity key) mapped. */
export function checkMapping(mapping: TPeopleImportMapping, headers: readonly string[]): void {
  const present = new Set(headers);
  const missing = Object.entries(mapping.columns).filter(([, h]) => !present.has(h));
  if (missing.length > 0) {
    throw ValidationError.field('columns', ...missing.map(([f, h]) => `${f}: the file has no column "${h}".`));
  }
  if (!mapping.columns.email) throw ValidationError.field('columns', 'email: map the column with the e-mail (people are found by it).');
}

// The same check as the API's e-mail fields (zod's), so an imported address is one the API would take.
const ZEmail = z.email();

const SEX_WORDS: Record<string, 'male' | 'female'> = {
  male: 'male', m: 'male', muz: 'male', man: 'male',
  female: 'female', f: 'female', z: 'female', zena: 'female', woman: 'female',
};

const FREQUENCY_WORDS: Record<string, string> = {
  ...Object.fromEntries(REGULAR_FREQUENCY.map((f) => [f, f])),
  quarterly: 'quaterly', biannual: 'biannually', annual: 'annually', yearly: 'annually',
  mesicne: 'monthly', ctvrtletne: 'quaterly', pololetne: 'biannually', pulrocne: 'biannually', rocne: 'annually',
};

const text = (c: Cell | undefined): string => {
  if (c === null || c === undefined) return '';
  if (c instanceof Date) return c.toISOString().slice(0, 10);
  return String(c).trim();
};

/** d.m.yyyy, yyyy-mm-dd, a bare year, or an XLSX date → birth year, month, day (domain.md §2.1). */
function birthDate(c: Cell | undefined): { year: number | null; month: number | null; day: number | null } | undefined {
  if (c instanceof Date) return { year: c.getUTCFullYear(), month: c.getUTCMonth() + 1, day: c.getUTCDate() };
  const s = text(c);
  let m: RegExpExecArray | null;
  let parts: [number, number | null, number | null] | undefined;
  if ((m = /^(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{4})$/.exec(s))) parts = [Number(m[3]), Number(m[2]), Number(m[1])];
  else if ((m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s))) parts = [Number(m[1]), Number(m[2]), Number(m[3])];
  else if ((m = /^(\d{4})$/.exec(s))) parts = [Number(m[1]), null, null];
  if (!parts) return undefined;
  const [year, month, day] = parts;
  if (year < 1900 || year > 2100) return undefined;
  if (month !== null && day !== null) {
    const d = new Date(Date.UTC(year, month - 1, day));
    if (d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return undefined;
  }
  return { year, month, day };
}

/** Whole CZK: "1 200", "1200 Kč", "1200,00" → 1200. */
function amount(s: string): number | undefined {
  const cleaned = s.replace(/\s|\u00a0/g, '').replace(/(kč|czk)$/i, '').replace(/[,.]0+$/, '');
  return /^\d{1,9}$/.test(cleaned) ? Number(cleaned) : undefined;
}

/**
 * One file row through the mapping → the staging row, with every format error found (an invalid
 * e-mail, a date, a choice, an amount, a VS that is not digits). What needs the database (unknown
 * money account, duplicate VS, the person found) is the dry run's SQL.
 */
export function rowStager(headers: readonly string[], mapping: TPeopleImportMapping): (line: number, cells: readonly Cell[]) => StagedRow {
  const index = new Map(headers.map((h, i) => [h, i]));
  const columnOf = Object.fromEntries(
    Object.entries(mapping.columns).map(([f, h]) => [f, index.get(h) ?? -1]),
  ) as Partial<Record<PeopleImportField, number>>;
  return (line, cells) => stageRow(line, cells, columnOf, mapping);
}

function stageRow(
  line: number,
  cells: readonly Cell[],
  columnOf: Partial<Record<PeopleImportField, number>>,
  mapping: TPeopleImportMapping,
): StagedRow {
  const raw = (f: PeopleImportField): Cell | undefined => {
    const column = columnOf[f];
    const value = column === undefined ? undefined : cells[column];
    return text(value) === '' ? (mapping.defaults?.[f] ?? undefined) : value;
  };
  const errors: Reason[] = [];
  const bad = (field: string, message: string) => errors.push({ field, message });

  const email = text(raw('email')).toLowerCase();
  if (email === '') bad('email', 'This field is required.');
  else if (!ZEmail.safeParse(email).success) bad('email', 'Enter a valid email address.');

  let birth: ReturnType<typeof birthDate> = { year: null, month: null, day: null };
  if (text(raw('birth_date')) !== '') {
    birth = birthDate(raw('birth_date') ?? null);
    if (!birth) bad('birth_date', 'Enter a date as d.m.yyyy, yyyy-mm-dd or a year.');
  }
  const sexText = fold(text(raw('sex')));
  const sex = sexText === '' ? null : (SEX_WORDS[sexText] ?? null);
  if (sexText !== '' && !sex) bad('sex', `"${text(raw('sex'))}" is not a valid choice.`);
  const language = text(raw('language')).toLowerCase() || null;
  if (language && !(LANGUAGE as readonly string[]).includes(language)) bad('language', `"${language}" is not a valid choice.`);

  const vs = text(raw('vs')) || null;
  if (vs !== null && !/^\d{1,10}$/.test(vs)) bad('vs', 'A variable symbol is at most 10 digits.');
  const amountText = text(raw('regular_amount'));
  const regularAmount = amountText === '' ? null : (amount(amountText) ?? null);
  if (amountText !== '' && regularAmount === null) bad('regular_amount', 'A valid integer is required.');
  const freqText = fold(text(raw('regular_frequency')));
  const frequency = freqText === '' ? null : (FREQUENCY_WORDS[freqText] ?? null);
  if (freqText !== '' && !frequency) bad('regular_frequency', `"${text(raw('regular_frequency'))}" is not a valid choice.`);
  const wantsChannel = PEOPLE_IMPORT_DONATION_FIELDS.some((f) => mapping.columns[f] !== undefined && text(raw(f)) !== '');
  if (wantsChannel && amountText === '') bad('regular_amount', 'A donation needs an amount.');

  const row: Omit<StagedRow, 'row_key'> = {
    row_no: line,
    email,
    first_name: text(raw('first_name')).slice(0, 128),
    last_name: text(raw('last_name')).slice(0, 128),
    telephone: text(raw('telephone')).slice(0, 100),
    street: text(raw('street')).slice(0, 128),
    city: text(raw('city')).slice(0, 40),
    zip_code: text(raw('zip_code')).slice(0, 30),
    age_group: birth?.year ?? null,
    birth_month: birth?.month ?? null,
    birth_day: birth?.day ?? null,
    language: errors.some((e) => e.field === 'language') ? null : language,
    sex,
    note: text(raw('note')),
    vs: vs !== null && /^\d{1,10}$/.test(vs) ? vs : null,
    regular_amount: regularAmount,
    regular_frequency: frequency,
    money_account: wantsChannel ? text(raw('money_account')) || null : null,
    event: wantsChannel ? text(raw('event')) || null : null,
    wants_channel: wantsChannel,
    parse_errors: errors,
  };
  // The row's identity across imports: its mapped values (not its line), so the same file imported again matches row for row.
  const { row_no: _line, parse_errors: _errors, ...values } = row;
  return { ...row, row_key: hash('sha256', JSON.stringify(values), 'hex') };
}

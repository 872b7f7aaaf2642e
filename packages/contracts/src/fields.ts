import { z } from 'zod';
import { MSG } from './messages.js';
import { pragueLocalToInstant } from './time.js';
import { pyStr, pyTypeName } from './zod-drf.js';

/**
 * Zod builders with DRF's value parsing (api.md §1.2): what a field accepts, how it normalises
 * it, and the exact messages. Each builder is a `z.preprocess` (the DRF conversion) piped into a
 * plain zod type (what the value is afterwards), so the OpenAPI document shows the plain type,
 * and trpc-to-openapi's query coercion, which rewrites bare number/boolean schemas in place,
 * leaves these fields alone.
 *
 * Required / nullable / optional use zod's own wrappers: a bare field is required and
 * non-null; `.nullable()` is DRF's `allow_null`; `.optional()` is `required=False`.
 */

export type FieldKind =
  | 'string'
  | 'integer'
  | 'float'
  | 'boolean'
  | 'date'
  | 'datetime'
  | 'choice'
  | 'multipleChoice'
  | 'list'
  | 'email'
  | 'url'
  | 'pk'
  | 'file';

export interface FieldInfo {
  kind: FieldKind;
  /** `""` is a valid value (DRF `allow_blank`). */
  allowBlank?: boolean;
}

/**
 * Which DRF field a schema is. The form-body converter uses it (absent boolean → false,
 * a single value for a list field → a one-item list). Metadata follows `.describe()` clones.
 */
export const drfFields = z.registry<FieldInfo>();

export interface FieldDoc {
  /** Text for the OpenAPI document. */
  description?: string;
  example?: unknown;
}

type Ctx = z.core.$RefinementCtx;

const fail = (ctx: Ctx, message: string, input: unknown): void => {
  ctx.addIssue({ code: 'custom', message, input });
};

/** The inner type's own error: only reached for a missing value, `null`, or a broken normaliser. */
const typeError =
  (invalid: string) =>
  (iss: { input?: unknown }): string =>
    iss.input === undefined ? MSG.required : iss.input === null ? MSG.notNull : invalid;

// DRF counts characters (code points), not UTF-16 units.
const charCount = (s: string): number => [...s].length;

function tag<T extends z.ZodType>(schema: T, info: FieldInfo, doc: FieldDoc | undefined): T {
  drfFields.add(schema, info);
  const meta: Record<string, unknown> = {};
  if (doc?.description) meta.description = doc.description;
  if (doc?.example !== undefined) meta.examples = [doc.example];
  return Object.keys(meta).length ? schema.meta(meta) : schema;
}

// ---------------------------------------------------------------------------------------------
// string, email, url

export interface StringOptions extends FieldDoc {
  maxLength?: number;
  minLength?: number;
  /** `""` allowed (DRF `allow_blank`); otherwise "This field may not be blank.". */
  allowBlank?: boolean;
  /** Strip surrounding whitespace before validation (DRF default: yes). */
  trim?: boolean;
}

function normaliseString(v: unknown, ctx: Ctx, o: StringOptions): unknown {
  if (v === undefined || v === null) return v;
  if (typeof v !== 'string' && typeof v !== 'number') {
    fail(ctx, MSG.invalidString, v);
    return v;
  }
  let s = typeof v === 'number' ? String(v) : v;
  if (o.trim !== false) s = s.trim();
  if (s === '') {
    if (!o.allowBlank) fail(ctx, MSG.blank, v);
    return s;
  }
  if (o.maxLength !== undefined && charCount(s) > o.maxLength) fail(ctx, MSG.maxLength(o.maxLength), v);
  if (o.minLength !== undefined && charCount(s) < o.minLength) fail(ctx, MSG.minLength(o.minLength), v);
  return s;
}

const lengthMeta = (o: { maxLength?: number; minLength?: number }) => ({
  ...(o.maxLength !== undefined ? { maxLength: o.maxLength } : {}),
  ...(o.minLength !== undefined ? { minLength: o.minLength } : {}),
});

/** DRF `CharField`: numbers become their text, other non-strings are refused; trimmed. */
function string(o: StringOptions = {}) {
  const schema = z.preprocess(
    (v: string | number, ctx) => normaliseString(v, ctx, o),
    z.string({ error: typeError(MSG.invalidString) }).meta(lengthMeta(o)),
  );
  return tag(schema, { kind: 'string', allowBlank: o.allowBlank ?? false }, o);
}

// Django's EmailValidator, without the IDN fallback; its quoted local part allows control characters.
// eslint-disable-next-line no-control-regex
const EMAIL_USER = /^(?:[-!#$%&'*+/=?^_`{}|~0-9a-z]+(?:\.[-!#$%&'*+/=?^_`{}|~0-9a-z]+)*|"(?:[\x01-\x08\x0b\x0c\x0e-\x1f!#-[\]-\x7f]|\\[\x01-\x09\x0b\x0c\x0e-\x7f])*")$/i;
const EMAIL_DOMAIN = /^(?:(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z0-9-]{2,63}(?<!-))|localhost)$/i;
const EMAIL_IP = /^\[(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)\]$/;

export function isValidEmail(value: string): boolean {
  if (value.length > 320) return false;
  const at = value.lastIndexOf('@');
  if (at <= 0 || at === value.length - 1) return false;
  const user = value.slice(0, at);
  const domain = value.slice(at + 1);
  return EMAIL_USER.test(user) && (EMAIL_DOMAIN.test(domain) || EMAIL_IP.test(domain));
}

export interface EmailOptions extends FieldDoc {
  /** Default 254 (Django's `EmailField`). */
  maxLength?: number;
  allowBlank?: boolean;
  /** Store the address in lower case (after validation). */
  lowercase?: boolean;
}

/** DRF `EmailField`: a trimmed string that passes Django's e-mail validator. */
function email(o: EmailOptions = {}) {
  const maxLength = o.maxLength ?? 254;
  const schema = z.preprocess(
    (v: string, ctx) => {
      const s = normaliseString(v, ctx, { maxLength, allowBlank: o.allowBlank });
      if (typeof s !== 'string' || s === '') return s;
      // DRF runs every validator and reports them all: too long and malformed can both appear.
      if (!isValidEmail(s)) fail(ctx, MSG.invalidEmail, v);
      return o.lowercase ? s.toLowerCase() : s;
    },
    z.string({ error: typeError(MSG.invalidString) }).meta({ format: 'email', maxLength }),
  );
  return tag(schema, { kind: 'email', allowBlank: o.allowBlank ?? false }, o);
}

export function isValidUrl(value: string): boolean {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    return false;
  }
  if (!['http:', 'https:', 'ftp:', 'ftps:'].includes(u.protocol)) return false;
  const host = u.hostname;
  return host === 'localhost' || /^\[[0-9a-f:.]+\]$/i.test(host) || /^[^.\s]+(\.[^.\s]+)+$/.test(host);
}

export interface UrlOptions extends FieldDoc {
  /** Default 200 (Django's `URLField`). */
  maxLength?: number;
  allowBlank?: boolean;
}

/** DRF `URLField`: http(s)/ftp(s) URL with a dotted host name or localhost. */
function url(o: UrlOptions = {}) {
  const maxLength = o.maxLength ?? 200;
  const schema = z.preprocess(
    (v: string, ctx) => {
      const s = normaliseString(v, ctx, { maxLength, allowBlank: o.allowBlank });
      if (typeof s === 'string' && s !== '' && !isValidUrl(s)) fail(ctx, MSG.invalidUrl, v);
      return s;
    },
    z.string({ error: typeError(MSG.invalidString) }).meta({ format: 'uri', maxLength }),
  );
  return tag(schema, { kind: 'url', allowBlank: o.allowBlank ?? false }, o);
}

// ---------------------------------------------------------------------------------------------
// numbers

export interface NumberOptions extends FieldDoc {
  min?: number;
  max?: number;
}

const INT_TEXT = /^[+-]?\d+(?:\.0*)?$/;

/** DRF's int(): an integral number, or digit text (sign, surrounding spaces and `.0` allowed). */
export function parseDrfInteger(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isSafeInteger(v) ? v : undefined;
  if (typeof v !== 'string' || v.length > 1000) return undefined;
  const s = v.trim();
  if (!INT_TEXT.test(s)) return undefined;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : undefined;
}

function range(n: number, ctx: Ctx, v: unknown, o: NumberOptions): void {
  if (o.min !== undefined && n < o.min) fail(ctx, MSG.minValue(o.min), v);
  if (o.max !== undefined && n > o.max) fail(ctx, MSG.maxValue(o.max), v);
}

const rangeMeta = (o: NumberOptions) => ({
  ...(o.min !== undefined ? { minimum: o.min } : {}),
  ...(o.max !== undefined ? { maximum: o.max } : {}),
});

/** DRF `IntegerField`: a JSON integer or a string of digits (`"111"`). */
function integer(o: NumberOptions = {}) {
  const schema = z.preprocess(
    (v: number | string, ctx) => {
      if (v === undefined || v === null) return v;
      const n = parseDrfInteger(v);
      if (n === undefined) {
        fail(ctx, MSG.invalidInteger, v);
        return v;
      }
      range(n, ctx, v, o);
      return n;
    },
    z.number({ error: typeError(MSG.invalidInteger) }).meta({ type: 'integer', ...rangeMeta(o) }),
  );
  return tag(schema, { kind: 'integer' }, o);
}

const FLOAT_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** DRF `FloatField`: a JSON number or numeric text. */
function float(o: NumberOptions = {}) {
  const schema = z.preprocess(
    (v: number | string, ctx) => {
      if (v === undefined || v === null) return v;
      let n: number | undefined;
      if (typeof v === 'number') n = v;
      else if (typeof v === 'string' && v.length <= 1000 && FLOAT_TEXT.test(v.trim())) n = Number(v.trim());
      if (n === undefined || !Number.isFinite(n)) {
        fail(ctx, MSG.invalidNumber, v);
        return v;
      }
      range(n, ctx, v, o);
      return n;
    },
    z.number({ error: typeError(MSG.invalidNumber) }).meta(rangeMeta(o)),
  );
  return tag(schema, { kind: 'float' }, o);
}

/** DRF's `PrimaryKeyRelatedField` input: an id. Whether the row exists is the resolver's check. */
function pk(o: FieldDoc = {}) {
  const schema = z.preprocess(
    (v: number | string, ctx) => {
      if (v === undefined || v === null) return v;
      const n = typeof v === 'boolean' ? undefined : parseDrfInteger(v);
      if (n === undefined) {
        fail(ctx, MSG.incorrectPkType(pyTypeName(v)), v);
        return v;
      }
      return n;
    },
    z.number({ error: typeError(MSG.incorrectPkType('str')) }).meta({ type: 'integer' }),
  );
  return tag(schema, { kind: 'pk' }, o);
}

// ---------------------------------------------------------------------------------------------
// boolean

const TRUE_TEXT = new Set(['t', 'y', 'yes', 'true', 'on', '1']);
const FALSE_TEXT = new Set(['f', 'n', 'no', 'false', 'off', '0']);

/** DRF `BooleanField` spellings; `undefined` when the value is none of them. */
export function parseDrfBoolean(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v === 1 ? true : v === 0 ? false : undefined;
  if (typeof v !== 'string') return undefined;
  // DRF lists lower, Capitalised and UPPER forms only: "tRuE" is not a boolean.
  const variants = (w: string) => [w, w.toUpperCase(), w.charAt(0).toUpperCase() + w.slice(1)];
  const lower = v.toLowerCase();
  if (TRUE_TEXT.has(lower) && variants(lower).includes(v)) return true;
  if (FALSE_TEXT.has(lower) && variants(lower).includes(v)) return false;
  return undefined;
}

/** DRF `BooleanField`: true/false, 1/0 and the text spellings of api.md §1.2. */
function boolean(o: FieldDoc = {}) {
  const schema = z.preprocess(
    (v: boolean | string | number, ctx) => {
      if (v === undefined || v === null) return v;
      const b = parseDrfBoolean(v);
      if (b === undefined) {
        fail(ctx, MSG.invalidBoolean, v);
        return v;
      }
      return b;
    },
    z.boolean({ error: typeError(MSG.invalidBoolean) }),
  );
  return tag(schema, { kind: 'boolean' }, o);
}

// ---------------------------------------------------------------------------------------------
// date, datetime

const DATE_TEXT = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const DATETIME_TEXT =
  /^(\d{4})-(\d{1,2})-(\d{1,2})[T ](\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:[.,](\d{1,6})\d{0,6})?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/;

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1 || y < 1) return false;
  const last = new Date(Date.UTC(2000, m, 0)).getUTCDate();
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return d <= (m === 2 ? (leap ? 29 : 28) : last);
}

/** `YYYY-M-D` → `YYYY-MM-DD`, or undefined when it is not a real date. */
export function parseDrfDate(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const m = DATE_TEXT.exec(v);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return validDate(y, mo, d) ? `${pad(y, 4)}-${pad(mo)}-${pad(d)}` : undefined;
}

/** ISO 8601 with 1–2 digit parts; no offset means Europe/Prague local time (api.md §1.2). */
export function parseDrfDatetime(v: unknown): Date | undefined {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? undefined : v;
  if (typeof v !== 'string') return undefined;
  const m = DATETIME_TEXT.exec(v.trim());
  if (!m) return undefined;
  const [year, month, day, hour, minute] = [1, 2, 3, 4, 5].map((i) => Number(m[i])) as [number, number, number, number, number];
  const second = m[6] ? Number(m[6]) : 0;
  const ms = m[7] ? Math.floor(Number(m[7].padEnd(6, '0')) / 1000) : 0;
  if (!validDate(year, month, day) || hour > 23 || minute > 59 || second > 59) return undefined;
  const tz = m[8];
  if (!tz) return pragueLocalToInstant(year, month, day, hour, minute, second, ms);
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, ms);
  if (tz === 'Z') return d;
  const sign = tz.startsWith('-') ? -1 : 1;
  const digits = tz.slice(1).replace(':', '');
  const offsetMin = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0');
  if (offsetMin >= 24 * 60) return undefined;
  return new Date(d.getTime() - sign * offsetMin * 60_000);
}

/** DRF `DateField`: `YYYY-M-D` in, `"YYYY-MM-DD"` out. */
function date(o: FieldDoc = {}) {
  const schema = z.preprocess(
    (v: string, ctx) => {
      if (v === undefined || v === null) return v;
      const s = parseDrfDate(v);
      if (s === undefined) {
        fail(ctx, MSG.invalidDate, v);
        return v;
      }
      return s;
    },
    z.string({ error: typeError(MSG.invalidDate) }).meta({ format: 'date' }),
  );
  return tag(schema, { kind: 'date' }, o);
}

/** DRF `DateTimeField`: ISO 8601 in (no offset = Europe/Prague), a `Date` out. */
function datetime(o: FieldDoc = {}) {
  const schema = z
    .preprocess(
      (v: string | Date, ctx) => {
        if (v === undefined || v === null) return v;
        const d = parseDrfDatetime(v);
        if (d === undefined) {
          fail(ctx, MSG.invalidDatetime, v);
          return v;
        }
        return d.toISOString();
      },
      z.string({ error: typeError(MSG.invalidDatetime) }).meta({ format: 'date-time' }),
    )
    .transform((s) => new Date(s));
  return tag(schema, { kind: 'datetime' }, o);
}

// ---------------------------------------------------------------------------------------------
// choices

type Choice = string | number;

export interface ChoiceOptions extends FieldDoc {
  allowBlank?: boolean;
}

/** The stored value whose text equals the input's text (`12` and `"12"` both pick 12). */
function matchChoice<T extends Choice>(values: readonly T[], v: unknown): T | undefined {
  if (v === null || v === undefined || typeof v === 'object') return undefined;
  const text = pyStr(v);
  return values.find((c) => String(c) === text);
}

/** DRF `ChoiceField`: `"X" is not a valid choice.` for anything else. */
function choice<const T extends readonly [Choice, ...Choice[]]>(values: T, o: ChoiceOptions = {}) {
  const allowed = o.allowBlank ? ([...values, ''] as const) : values;
  const schema = z.preprocess(
    (v: T[number] | string | number, ctx) => {
      if (v === undefined || v === null) return v;
      if (v === '' && o.allowBlank) return '';
      const found = matchChoice(values, v);
      if (found === undefined) {
        fail(ctx, MSG.invalidChoice(pyStr(v)), v);
        return v;
      }
      return found;
    },
    z.literal(allowed as readonly T[number][], { error: typeError(MSG.invalidValue) }),
  );
  return tag(schema, { kind: 'choice', allowBlank: o.allowBlank ?? false }, o);
}

/**
 * A query-string list. trpc-to-openapi turns a one-item list back into a bare string, so the
 * REST layer hands list parameters over in this wrapper; a symbol key cannot come from JSON.
 */
export const QUERY_LIST: unique symbol = Symbol.for('klub.queryList');
export interface TQueryList {
  [QUERY_LIST]: string[];
}
export const queryList = (values: string[]): TQueryList => ({ [QUERY_LIST]: values });
const fromQueryList = (v: unknown): unknown =>
  typeof v === 'object' && v !== null && QUERY_LIST in v ? (v as TQueryList)[QUERY_LIST] : v;

export interface ListOptions extends FieldDoc {
  /** An empty list is allowed (DRF default); otherwise "This list may not be empty.". */
  allowEmpty?: boolean;
}

/** DRF `MultipleChoiceField`: a list of choices (duplicates dropped); one message for the field. */
function multipleChoice<const T extends readonly [Choice, ...Choice[]]>(values: T, o: ListOptions = {}) {
  const schema = z.preprocess(
    (input: ReadonlyArray<T[number] | string | number>, ctx) => {
      const v = fromQueryList(input);
      if (v === undefined || v === null) return v;
      if (!Array.isArray(v)) {
        fail(ctx, MSG.notAList(pyTypeName(v)), v);
        return v;
      }
      if (v.length === 0 && o.allowEmpty === false) {
        fail(ctx, MSG.emptyList, v);
        return input;
      }
      const out: T[number][] = [];
      for (const item of v as readonly unknown[]) {
        const found = matchChoice(values, item);
        if (found === undefined) {
          fail(ctx, MSG.invalidChoice(pyStr(item)), v);
          return input;
        }
        if (!out.includes(found)) out.push(found);
      }
      return out;
    },
    z.array(z.literal(values as readonly T[number][]), { error: typeError(MSG.notAList('str')) }),
  );
  return tag(schema, { kind: 'multipleChoice' }, o);
}

/** DRF `ListField(child=...)`: item errors are keyed by index, as DRF does. */
function list<T extends z.ZodType>(item: T, o: ListOptions = {}) {
  const schema = z.preprocess(
    (input: ReadonlyArray<z.input<T>>, ctx) => {
      const v = fromQueryList(input);
      if (v === undefined || v === null) return v;
      if (!Array.isArray(v)) {
        fail(ctx, MSG.notAList(pyTypeName(v)), v);
        return v;
      }
      if (v.length === 0 && o.allowEmpty === false) fail(ctx, MSG.emptyList, v);
      return v as unknown[];
    },
    z.array(item, { error: typeError(MSG.notAList('str')) }),
  );
  return tag(schema, { kind: 'list' }, o);
}

// ---------------------------------------------------------------------------------------------
// files (multipart)

/** An uploaded file as the multipart parser puts it into the body. */
export interface TUploadedFile {
  filename: string;
  contentType: string;
  size: number;
  data: Uint8Array;
}

const isUploadedFile = (v: unknown): v is TUploadedFile =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as TUploadedFile).filename === 'string' &&
  (v as TUploadedFile).data instanceof Uint8Array;

const NOT_A_FILE = 'The submitted data was not a file. Check the encoding type on the form.';

/** DRF `FileField` input (multipart only). */
function file(o: FieldDoc & { maxBytes?: number } = {}) {
  const schema = z.preprocess(
    (v: TUploadedFile, ctx) => {
      if (v === undefined || v === null) return v;
      if (!isUploadedFile(v)) fail(ctx, NOT_A_FILE, v);
      else if (o.maxBytes !== undefined && v.size > o.maxBytes) fail(ctx, MSG.requestTooLarge, v.filename);
      return v;
    },
    // `z.custom` cannot be put into the OpenAPI document; the preprocess above did the checking.
    z
      .any()
      .superRefine((v, ctx) => {
        if (v === undefined || v === null) ctx.addIssue({ code: 'custom', message: typeError(NOT_A_FILE)({ input: v }), input: v });
      })
      .meta({ type: 'string', format: 'binary' }),
  ) as unknown as z.ZodType<TUploadedFile, TUploadedFile>;
  return tag(schema, { kind: 'file' }, o);
}

/** The DRF field builders. */
export const field = {
  string,
  email,
  url,
  integer,
  float,
  boolean,
  date,
  datetime,
  choice,
  multipleChoice,
  list,
  pk,
  file,
};

type Unwrappable = { _zod: { def: { type: string; innerType?: z.ZodType; in?: z.ZodType } } };

/**
 * Describe a (possibly wrapped) object-shape entry: its DRF kind, its wrappers, and whether the
 * kind was read off a plain zod type (`native`: `z.boolean()`, `z.array()`) rather than a builder.
 */
export function describeField(schema: z.ZodType): {
  info: FieldInfo | undefined;
  optional: boolean;
  nullable: boolean;
  hasDefault: boolean;
  native: boolean;
} {
  let s = schema as unknown as Unwrappable & z.ZodType;
  let optional = false;
  let nullable = false;
  let hasDefault = false;
  const result = (info: FieldInfo | undefined, native: boolean) => ({ info, optional, nullable, hasDefault, native });
  for (let i = 0; i < 10; i++) {
    const info = drfFields.get(s);
    if (info) return result(info, false);
    const def = s._zod.def;
    if (def.type === 'optional') optional = true;
    else if (def.type === 'nullable') nullable = true;
    else if (def.type === 'default' || def.type === 'prefault') hasDefault = true;
    else if (def.type === 'boolean') return result({ kind: 'boolean' }, true);
    else if (def.type === 'array') return result({ kind: 'list' }, true);
    else if (def.type !== 'pipe' && def.type !== 'readonly') break;
    const inner = def.innerType ?? (def.type === 'pipe' ? def.in : undefined);
    if (!inner) break;
    s = inner;
  }
  return result(undefined, false);
}

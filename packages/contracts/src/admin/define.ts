import { z } from 'zod';
import { field, type TUploadedFile } from '../fields.js';
import { ZOrderingParam, ZPageQuery } from '../pagination.js';
import { accepting } from '../query-params.js';

/**
 * The admin API (operations.md §3) exposes ~17 tables with the DRF router shape. Each resource
 * is declared once as a table of fields; this module turns that table into the three zod
 * schemas a DRF ModelSerializer implies (representation, create/PUT body, PATCH body) and the
 * list query, so every resource gets its own typed, documented schemas without hand-written
 * copies. The domain layer reads the same table (`kind`, `mode`, `secret`) to map wire ↔ entity.
 */

export type AdminFieldKind =
  | 'id'
  | 'text'
  | 'integer'
  | 'float'
  | 'boolean'
  | 'date'
  | 'datetime'
  | 'choice'
  | 'multipleChoice'
  | 'textList'
  | 'intList'
  | 'json'
  | 'fk'
  | 'm2m'
  | 'file'
  | 'computed';

/** `rw` read and written; `r` read-only (ignored on input); `w` write-only (never answered). */
export type AdminFieldMode = 'rw' | 'r' | 'w';

export interface AdminField<TOut = unknown, TIn = unknown, TRaw = unknown, Mode extends AdminFieldMode = AdminFieldMode, Req extends boolean = boolean> {
  readonly kind: AdminFieldKind;
  readonly mode: Mode;
  /** Required on POST and PUT (DRF: `required=True`); PATCH never requires anything. */
  readonly required: Req;
  /** Never answered and never written to the audit log (password, api_secret, client_secret). */
  readonly secret: boolean;
  readonly maxLength?: number;
  /** Representation schema (unused for write-only fields). */
  readonly output: z.ZodType<TOut>;
  /** Input schema (unused for read-only fields). */
  readonly input: z.ZodType<TIn, TRaw>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any field, whatever its types
export type AnyAdminField = AdminField<any, any, any, AdminFieldMode, boolean>;
export type AdminFields = Record<string, AnyAdminField>;

// --- option sets -------------------------------------------------------------------------------

/** `optional`: the column has a default, so the field may be left out on create. */
interface Presence {
  nullable?: boolean;
  optional?: boolean;
}
interface TextOpts extends Presence {
  max?: number;
  /** `""` allowed (a "blank" column, domain.md conventions); implies optional. */
  blank?: boolean;
  trim?: boolean;
}
interface NumberOpts extends Presence {
  min?: number;
  max?: number;
}

type IsRequired<O> = O extends { optional: true } | { nullable: true } | { blank: true } ? false : true;
type Nullish<T, O> = O extends { nullable: true } ? T | null : T;

const isRequired = (o: Presence & { blank?: boolean }): boolean => !o.optional && !o.nullable && !o.blank;
const nullableIf = <T extends z.ZodType>(s: T, nullable: boolean | undefined) => (nullable ? s.nullable() : s);

function make<TOut, TIn, TRaw, Mode extends AdminFieldMode, Req extends boolean>(
  spec: Omit<AdminField<TOut, TIn, TRaw, Mode, Req>, 'secret'> & { secret?: boolean },
): AdminField<TOut, TIn, TRaw, Mode, Req> {
  return { secret: false, ...spec };
}

const NEVER_IN = z.never() as z.ZodType<never, never>;
const NEVER_OUT = z.never() as z.ZodType<never>;

// --- builders ----------------------------------------------------------------------------------

function id(description = 'Id (read-only)') {
  return make<number, never, never, 'r', false>({
    kind: 'id',
    mode: 'r',
    required: false,
    output: z.number().int().describe(description),
    input: NEVER_IN,
  });
}

function textLike<const O extends TextOpts>(
  kind: 'text',
  description: string,
  o: O,
  input: z.ZodType<string, string | number>,
) {
  return make<Nullish<string, O>, Nullish<string, O>, Nullish<string | number, O>, 'rw', IsRequired<O>>({
    kind,
    mode: 'rw',
    required: isRequired(o) as IsRequired<O>,
    maxLength: o.max,
    output: nullableIf(z.string(), o.nullable).describe(description) as z.ZodType<Nullish<string, O>>,
    input: nullableIf(input, o.nullable) as z.ZodType<Nullish<string, O>, Nullish<string | number, O>>,
  });
}

function text<const O extends TextOpts>(description: string, o: O = {} as O) {
  const input = field.string({ maxLength: o.max, allowBlank: o.blank, trim: o.trim, description }) as z.ZodType<string, string | number>;
  return textLike('text', description, o, input);
}

function email<const O extends TextOpts>(description: string, o: O = {} as O) {
  const input = field.email({ maxLength: o.max, allowBlank: o.blank, lowercase: true, description }) as z.ZodType<string, string | number>;
  return textLike('text', description, o, input);
}

function url<const O extends TextOpts>(description: string, o: O = {} as O) {
  const input = field.url({ maxLength: o.max, allowBlank: o.blank, description }) as z.ZodType<string, string | number>;
  return textLike('text', description, o, input);
}

function integer<const O extends NumberOpts>(description: string, o: O = {} as O) {
  return make<Nullish<number, O>, Nullish<number, O>, Nullish<number | string, O>, 'rw', IsRequired<O>>({
    kind: 'integer',
    mode: 'rw',
    required: isRequired(o) as IsRequired<O>,
    output: nullableIf(z.number().int(), o.nullable).describe(description) as z.ZodType<Nullish<number, O>>,
    input: nullableIf(field.integer({ min: o.min, max: o.max, description }), o.nullable) as z.ZodType<
      Nullish<number, O>,
      Nullish<number | string, O>
    >,
  });
}

function float<const O extends NumberOpts>(description: string, o: O = {} as O) {
  return make<Nullish<number, O>, Nullish<number, O>, Nullish<number | string, O>, 'rw', IsRequired<O>>({
    kind: 'float',
    mode: 'rw',
    required: isRequired(o) as IsRequired<O>,
    output: nullableIf(z.number(), o.nullable).describe(description) as z.ZodType<Nullish<number, O>>,
    input: nullableIf(field.float({ min: o.min, max: o.max, description }), o.nullable) as z.ZodType<
      Nullish<number, O>,
      Nullish<number | string, O>
    >,
  });
}

/** Booleans always have a column default, so they are never required. */
function boolean<const O extends { nullable?: boolean }>(description: string, o: O = {} as O) {
  return make<Nullish<boolean, O>, Nullish<boolean, O>, Nullish<boolean | string | number, O>, 'rw', false>({
    kind: 'boolean',
    mode: 'rw',
    required: false,
    output: nullableIf(z.boolean(), o.nullable).describe(description) as z.ZodType<Nullish<boolean, O>>,
    input: nullableIf(field.boolean({ description }), o.nullable) as z.ZodType<Nullish<boolean, O>, Nullish<boolean | string | number, O>>,
  });
}

function date<const O extends Presence>(description: string, o: O = {} as O) {
  const text = `${description} (YYYY-MM-DD)`;
  return make<Nullish<string, O>, Nullish<string, O>, Nullish<string, O>, 'rw', IsRequired<O>>({
    kind: 'date',
    mode: 'rw',
    required: isRequired(o) as IsRequired<O>,
    output: nullableIf(z.string(), o.nullable).describe(text) as z.ZodType<Nullish<string, O>>,
    input: nullableIf(field.date({ description: text }), o.nullable) as z.ZodType<Nullish<string, O>, Nullish<string, O>>,
  });
}

function datetime<const O extends Presence>(description: string, o: O = {} as O) {
  const text = `${description} (ISO 8601; without an offset, Europe/Prague time)`;
  return make<Nullish<string, O>, Nullish<Date, O>, Nullish<string, O>, 'rw', IsRequired<O>>({
    kind: 'datetime',
    mode: 'rw',
    required: isRequired(o) as IsRequired<O>,
    output: nullableIf(z.string(), o.nullable).describe(`${description} (ISO 8601 with the Europe/Prague offset)`) as z.ZodType<
      Nullish<string, O>
    >,
    input: nullableIf(field.datetime({ description: text }), o.nullable) as unknown as z.ZodType<Nullish<Date, O>, Nullish<string, O>>,
  });
}

type ChoiceValue<T extends readonly string[], O> = T[number] | (O extends { blank: true } ? '' : never);

function choice<const T extends readonly [string, ...string[]], const O extends Presence & { blank?: boolean }>(
  values: T,
  description: string,
  o: O = {} as O,
) {
  const allowed = o.blank && !values.includes('') ? ([...values, ''] as unknown as T) : values;
  const text = `${description}: ${allowed.map((v) => (v === '' ? '""' : v)).join(', ')}`;
  type V = ChoiceValue<T, O>;
  return make<Nullish<V, O>, Nullish<V, O>, Nullish<string, O>, 'rw', IsRequired<O>>({
    kind: 'choice',
    mode: 'rw',
    required: isRequired(o) as IsRequired<O>,
    output: nullableIf(z.enum(allowed), o.nullable).describe(text) as unknown as z.ZodType<Nullish<V, O>>,
    input: nullableIf(field.choice(values, { allowBlank: o.blank, description: text }), o.nullable) as unknown as z.ZodType<
      Nullish<V, O>,
      Nullish<string, O>
    >,
  });
}

/** A list of choices stored as an array column (`event.diet`); defaults to `[]`. */
function multipleChoice<const T extends readonly [string, ...string[]]>(values: T, description: string) {
  const text = `${description}: any of ${values.join(', ')}`;
  return make<Array<T[number]>, Array<T[number]>, string[], 'rw', false>({
    kind: 'multipleChoice',
    mode: 'rw',
    required: false,
    output: z.array(z.enum(values)).describe(text),
    input: field.multipleChoice(values, { description: text }) as unknown as z.ZodType<Array<T[number]>, string[]>,
  });
}

/** A free list of strings (array column); defaults to `[]`. */
function textList(description: string, o: { max?: number } = {}) {
  return make<string[], string[], string[], 'rw', false>({
    kind: 'textList',
    mode: 'rw',
    required: false,
    output: z.array(z.string()).describe(description),
    input: field.list(field.string({ maxLength: o.max, description: 'One item' }), { description }) as unknown as z.ZodType<
      string[],
      string[]
    >,
  });
}

/** A list of integers (array column such as `pdf_storage.related_ids`); defaults to `[]`. */
function intList(description: string) {
  return make<number[], number[], Array<number | string>, 'rw', false>({
    kind: 'intList',
    mode: 'rw',
    required: false,
    output: z.array(z.number().int()).describe(description),
    input: field.list(field.integer({ description: 'One id' }), { description }) as unknown as z.ZodType<number[], Array<number | string>>,
  });
}

/** A JSON object column; defaults to `{}`. */
function json(description: string) {
  const schema = z.record(z.string(), z.unknown()).describe(description);
  return make<Record<string, unknown>, Record<string, unknown>, Record<string, unknown>, 'rw', false>({
    kind: 'json',
    mode: 'rw',
    required: false,
    output: schema,
    input: schema,
  });
}

/** A foreign key: the target's integer id under the column name without `_id` (operations.md §3). */
function fk<const O extends Presence>(description: string, o: O = {} as O) {
  return make<Nullish<number, O>, Nullish<number, O>, Nullish<number | string, O>, 'rw', IsRequired<O>>({
    kind: 'fk',
    mode: 'rw',
    required: isRequired(o) as IsRequired<O>,
    output: nullableIf(z.number().int(), o.nullable).describe(description) as z.ZodType<Nullish<number, O>>,
    input: nullableIf(field.pk({ description }), o.nullable) as z.ZodType<Nullish<number, O>, Nullish<number | string, O>>,
  });
}

/** A many-to-many: an array of ids. `required` also forbids an empty list. */
type M2mRequired<O> = O extends { required: true } ? true : false;

function m2m<const O extends { required?: boolean }>(description: string, o: O = {} as O) {
  type Req = M2mRequired<O>;
  return make<number[], number[], Array<number | string>, 'rw', Req>({
    kind: 'm2m',
    mode: 'rw',
    required: Boolean(o.required) as Req,
    output: z.array(z.number().int()).describe(description),
    input: field.list(field.pk({ description: 'An id' }), {
      allowEmpty: !o.required,
      description,
    }) as unknown as z.ZodType<number[], Array<number | string>>,
  });
}

/** A write-only secret (password, api_secret): never answered, never audited; not trimmed. */
function secret<const O extends Presence>(description: string, o: O & { max?: number } = {} as O) {
  return make<never, Nullish<string, O>, Nullish<string, O>, 'w', IsRequired<O>>({
    kind: 'text',
    mode: 'w',
    required: isRequired(o) as IsRequired<O>,
    secret: true,
    output: NEVER_OUT,
    input: nullableIf(field.string({ maxLength: o.max, trim: false, description: `${description} (write-only)` }), o.nullable) as z.ZodType<
      Nullish<string, O>,
      Nullish<string, O>
    >,
  });
}

/** An uploaded file (multipart): answered as the key the file storage chose for it. */
function file<const O extends { optional?: boolean }>(description: string, o: O & { maxBytes?: number } = {} as O) {
  return make<string, TUploadedFile, TUploadedFile, 'rw', IsRequired<O>>({
    kind: 'file',
    mode: 'rw',
    required: isRequired(o) as IsRequired<O>,
    output: z.string().describe(`${description}: the storage key of the stored file (e.g. \`pdf_storage/…\`)`),
    input: field.file({ description: `${description} (multipart/form-data upload)`, maxBytes: o.maxBytes }),
  });
}

/** A read-only value (derived, or set only by the system). */
function readOnly<T>(schema: z.ZodType<T>, kind: AdminFieldKind = 'computed') {
  return make<T, never, never, 'r', false>({ kind, mode: 'r', required: false, output: schema, input: NEVER_IN });
}

export const a = {
  id,
  text,
  email,
  url,
  integer,
  float,
  boolean,
  date,
  datetime,
  choice,
  multipleChoice,
  textList,
  intList,
  json,
  fk,
  m2m,
  secret,
  file,
  readOnly,
};

// --- schemas from a field table ----------------------------------------------------------------

type OutputShape<F extends AdminFields> = {
  [K in keyof F as F[K]['mode'] extends 'w' ? never : K]: F[K]['output'];
};
type CreateShape<F extends AdminFields> = {
  [K in keyof F as F[K]['mode'] extends 'r' ? never : K]: F[K]['required'] extends true ? F[K]['input'] : z.ZodOptional<F[K]['input']>;
};
type PatchShape<F extends AdminFields> = {
  [K in keyof F as F[K]['mode'] extends 'r' ? never : K]: z.ZodOptional<F[K]['input']>;
};

/** `min`/`max`: a range bound on the field the wire name ends in `_min`/`_max` of (`?regular_amount_min=100`). */
export type AdminFilterKind = 'pk' | 'text' | 'boolean' | 'min' | 'max';

export interface AdminListOptions<Filters extends Record<string, AdminFilterKind>> {
  /** Equality filters by wire name (`?event=12`), typically the FK columns. */
  filters?: Filters;
  /** Wire names accepted by `?ordering=`. */
  ordering?: readonly string[];
  /** What `?search=` looks at, for the docs; no search parameter when absent. */
  search?: string;
}

type FilterValue<K extends AdminFilterKind> = K extends 'pk' | 'min' | 'max' ? number : K extends 'boolean' ? boolean : string;
type FilterInput<K extends AdminFilterKind> = K extends 'pk' | 'min' | 'max' ? number | string : K extends 'boolean' ? boolean | string : string;
type FilterShape<Filters extends Record<string, AdminFilterKind>> = {
  [K in keyof Filters]: z.ZodOptional<z.ZodType<FilterValue<Filters[K]>, FilterInput<Filters[K]>>>;
};
type QueryText = z.ZodOptional<z.ZodType<string | undefined, string>>;

const lastText = (v: unknown): unknown => {
  const last = Array.isArray(v) ? (v as unknown[])[v.length - 1] : v;
  return typeof last === 'number' ? String(last) : last;
};

/** The values a choice column takes, for documenting its text filter (null is no query value). */
function choicesOf(f: AnyAdminField | undefined): z.core.$ZodType | undefined {
  if (f?.kind !== 'choice') return undefined;
  const def = f.output._zod.def as { type: string; innerType?: z.core.$ZodType };
  return def.type === 'nullable' ? def.innerType : f.output;
}

function filterSchema(name: string, kind: AdminFilterKind, f: AnyAdminField | undefined): z.ZodType {
  const description = `Only objects whose \`${name}\` equals this value`;
  switch (kind) {
    case 'pk':
      return field.pk({ description: `${description} (an id)` }).optional();
    case 'boolean':
      return field.boolean({ description: `${description} (true/false)` }).optional();
    case 'min':
    case 'max': {
      const bound = kind === 'min' ? 'at least' : 'at most';
      return field.integer({ description: `Only objects whose \`${name.replace(/_(min|max)$/, '')}\` is ${bound} this value` }).optional();
    }
    case 'text': {
      const text = z.preprocess(lastText, z.string().optional()).describe(description);
      const choices = choicesOf(f);
      return (choices ? accepting(text, choices) : text).optional();
    }
  }
}

export interface AdminResourceSchemas<
  Name extends string,
  F extends AdminFields,
  Filters extends Record<string, AdminFilterKind> = Record<never, AdminFilterKind>,
> {
  /** The URL segment: `/api/admin/<name>/`. */
  readonly name: Name;
  /** Component name in the OpenAPI document and tRPC docs. */
  readonly title: string;
  readonly fields: F;
  readonly list: Required<AdminListOptions<Filters>>;
  /** The representation (GET, and the answer to writes). */
  readonly ZOutput: z.ZodObject<OutputShape<F>>;
  /** POST and PUT body: required fields required. */
  readonly ZCreate: z.ZodObject<CreateShape<F>>;
  /** PATCH body: everything optional. */
  readonly ZPatch: z.ZodObject<PatchShape<F>>;
  /** List query: page, page_size, ordering, search and the filters. */
  readonly ZListQuery: z.ZodObject<typeof ZPageQuery.shape & { ordering: QueryText; search: QueryText } & FilterShape<Filters>>;
}

/**
 * Build a resource's schemas from its field table. `title` names the OpenAPI component
 * (`Admin<Title>`); every field carries its own description.
 */
export function defineAdminResource<
  const Name extends string,
  F extends AdminFields,
  const Filters extends Record<string, AdminFilterKind> = Record<never, AdminFilterKind>,
>(name: Name, title: string, fields: F, list: AdminListOptions<Filters> = {}): AdminResourceSchemas<Name, F, Filters> {
  const out: Record<string, z.ZodType> = {};
  const create: Record<string, z.ZodType> = {};
  const patch: Record<string, z.ZodType> = {};
  for (const [key, f] of Object.entries(fields)) {
    if (f.mode !== 'w') out[key] = f.output;
    if (f.mode !== 'r') {
      create[key] = f.required ? f.input : f.input.optional();
      patch[key] = f.input.optional();
    }
  }
  const ordering = list.ordering ?? ['id'];
  const filters = (list.filters ?? {}) as Filters;
  const query: Record<string, z.ZodType> = {
    ...ZPageQuery.shape,
    ordering: ZOrderingParam(ordering).optional(),
    search: z
      .preprocess(lastText, z.string().optional())
      .describe(list.search ? `Search terms (all must match, case-insensitive) in ${list.search}` : 'Not used by this resource')
      .optional(),
  };
  for (const [key, kind] of Object.entries(filters)) query[key] = filterSchema(key, kind, fields[key]);

  return {
    name,
    title,
    fields,
    list: { filters, ordering, search: list.search ?? '' },
    ZOutput: z.object(out).meta({ id: `Admin${title}`, description: `${title} as the admin API answers it` }) as never,
    ZCreate: z.object(create) as never,
    ZPatch: z.object(patch) as never,
    ZListQuery: z.object(query) as never,
  };
}

/** Any resource's schemas, for generic code. */
export interface AnyAdminResourceSchemas {
  readonly name: string;
  readonly title: string;
  readonly fields: AdminFields;
  readonly list: { readonly filters: Readonly<Record<string, AdminFilterKind>>; readonly ordering: readonly string[]; readonly search: string };
  readonly ZOutput: z.ZodObject;
  readonly ZCreate: z.ZodObject;
  readonly ZPatch: z.ZodObject;
  readonly ZListQuery: z.ZodObject;
}

/** Wire name → entity property: `zip_code` → `zipCode`, `VS` → `vs`, `additional_question_1` → `additionalQuestion1`. */
export function adminPropName(wire: string): string {
  if (/^[A-Z0-9]+$/.test(wire)) return wire.toLowerCase();
  return wire.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeEvent, makeLocation, makeMoneyAccount, makeUnit } from '@klub/db/testing';
import { useKlubApp, type KlubApp } from '../helpers/klub-app.js';

/**
 * Bad input, everywhere (issue 7): for every write endpoint of the OpenAPI document (so new
 * endpoints are covered without edits), generated bodies — wrong types, missing and extra
 * fields, huge, unicode and NUL strings, numbers at and past every limit, nested junk — and
 * malformed JSON. Each answer must be below 500; a 4xx must carry a DRF-style body (or the
 * contract's empty body); and a rejected request must not have written a single row.
 * RUNS generated bodies per endpoint plus a dozen malformed ones: ~3,000 requests in all.
 */

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  $ref?: string;
  anyOf?: JsonSchema[];
  enum?: unknown[];
}

interface WriteOp {
  method: string;
  path: string;
  params: string[];
  body?: JsonSchema;
}

const RUNS = 20;

const junkString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom(
    '',
    '   ',
    '\u0000',
    'a\u0000b',
    'x'.repeat(100_000),
    '💩'.repeat(300),
    '\ud800',
    "' or 1=1 --",
    '<script>alert(1)</script>',
    '../../etc/passwd',
    '2024-13-45',
    '2024-02-30T25:61',
    '1e309',
    'NaN',
    '-1',
    '9'.repeat(40),
    'null',
    'true',
    'a@b',
    'x@example.org',
    'monthly',
  ),
);
const junkNumber = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -1, -0, 1, 2 ** 31 - 1, 2 ** 31, -(2 ** 31) - 1, 2 ** 53, -(2 ** 53), 1e308, -1e308, 32767, 32768, 99999, 100000, 0.5, 1e-7),
);
const junk: fc.Arbitrary<unknown> = fc.oneof(
  junkString,
  junkNumber,
  fc.boolean(),
  fc.constant(null),
  fc.jsonValue({ maxDepth: 2 }),
  fc.array(fc.oneof(junkString, junkNumber), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), junkString, { maxKeys: 3 }),
);

function resolve(doc: { components?: { schemas?: Record<string, JsonSchema> } }, s: JsonSchema | undefined): JsonSchema | undefined {
  if (s?.$ref) return resolve(doc, doc.components?.schemas?.[s.$ref.split('/').pop()!]);
  return s;
}

/** A value that is sometimes plausible for the field (to get past the first check) and often junk. */
function valueFor(schema: JsonSchema | undefined): fc.Arbitrary<unknown> {
  const types = [schema?.type, ...(schema?.anyOf ?? []).map((s) => s.type)].flat().filter(Boolean);
  const plausible: Array<fc.Arbitrary<unknown>> = [];
  if (schema?.enum?.length) plausible.push(fc.constantFrom(...schema.enum));
  if (types.includes('string')) plausible.push(fc.string({ maxLength: 20 }), fc.emailAddress());
  if (types.includes('integer') || types.includes('number')) plausible.push(fc.integer({ min: -5, max: 100_000 }));
  if (types.includes('boolean')) plausible.push(fc.boolean());
  if (types.includes('array')) plausible.push(fc.array(schema?.items?.properties ? bodyFor(schema.items) : valueFor(schema?.items), { maxLength: 2 }));
  return plausible.length ? fc.oneof(junk, ...plausible) : junk;
}

function bodyFor(schema: JsonSchema | undefined): fc.Arbitrary<Record<string, unknown>> {
  const props = Object.fromEntries(Object.entries(schema?.properties ?? {}).map(([k, v]) => [k, valueFor(v)]));
  return fc
    .tuple(fc.record(props, { requiredKeys: [] }), fc.dictionary(fc.string({ maxLength: 8 }), junk, { maxKeys: 2 }))
    .map(([known, extra]) => ({ ...extra, ...known }));
}

const pathValue = fc.oneof(
  fc.constant('1'),
  fc.constant('2'),
  fc.integer({ min: -10, max: 2 ** 40 }).map(String),
  fc.constantFrom('abc', '1.5', '-0', '0x10', '%00', '9'.repeat(30), 'MTI', 'a-b_c', '%F0%9F%92%A9'),
);

const MALFORMED_JSON = ['{', '{"a":', '[1,', 'nul', '{"a": 1}}', '\u0000', '{"a": "\\ud800"', "{'a': 1}", '{"a": 01}', '1'.repeat(400)];

/**
 * DRF's error bodies: an object of `{"detail": "..."}`, `{"field": ["..."]}` (nested for nested
 * input), RFC 6749's `{"error": ...}`, with extra detail objects (a 409's `referenced_by`).
 */
function isDrfBody(v: unknown): boolean {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || Object.keys(v).length === 0) return false;
  const messages = (x: unknown): boolean =>
    typeof x === 'string' || (Array.isArray(x) && x.every(messages)) || (typeof x === 'object' && x !== null && Object.values(x).every(messages));
  return Object.entries(v).every(([k, x]) => (k === 'detail' || k === 'error' || k === 'error_description' ? typeof x === 'string' : typeof x === 'object' || messages(x)));
}

async function tableCounts(app: KlubApp, tables: string[]): Promise<Record<string, number>> {
  const [row] = await app
    .em()
    .getConnection()
    .execute<Array<Record<string, string>>>(`select ${tables.map((t) => `(select count(*) from "${t}") as "${t}"`).join(', ')}`);
  return Object.fromEntries(Object.entries(row ?? {}).map(([k, v]) => [k, Number(v)]));
}

describe('bad input on every write endpoint (issue 7)', () => {
  const app = useKlubApp();

  it('never answers 5xx, answers DRF bodies, and writes nothing when it refuses', { timeout: 600_000 }, async () => {
    const doc = (await app.api('/api/openapi.json')).body as {
      paths: Record<string, Record<string, { parameters?: Array<{ name: string; in: string }>; requestBody?: { content?: Record<string, { schema?: JsonSchema }> } }>>;
      components?: { schemas?: Record<string, JsonSchema> };
    };
    const ops: WriteOp[] = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([m]) => ['post', 'put', 'patch', 'delete'].includes(m))
        .map(([m, op]) => ({
          method: m.toUpperCase(),
          path,
          params: (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name),
          body: resolve(doc, op.requestBody?.content?.['application/json']?.schema),
        })),
    );
    expect(ops.length).toBeGreaterThan(30);

    // Rows the ids 1 and 2 of path parameters and bodies can point at.
    const em = app.em();
    const unit = await makeUnit(em);
    await makeMoneyAccount(em, { administrativeUnit: unit, slug: 'bank_slug' });
    await makeEvent(em, { slug: 'event_slug', administrativeUnits: [unit] });
    await makeLocation(em);
    const admin = await app.user({ isStaff: true, isSuperuser: true, roles: ['event_organizer'] });
    const auth = { authorization: `Bearer ${admin.access}`, 'accept-language': 'en' };
    const tables = (
      await app.em().getConnection().execute<Array<{ t: string }>>(
        `select table_name as t from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' and table_name not like 'mikro_orm%'`,
      )
    ).map((r) => r.t);

    const failures: string[] = [];
    let requests = 0;
    const check = async (op: WriteOp, url: string, init: { body?: string; contentType?: string }, shown: string) => {
      const before = await tableCounts(app, tables);
      const res = await app.api(url, {
        method: op.method,
        body: init.body,
        headers: { ...auth, ...(init.body !== undefined ? { 'content-type': init.contentType ?? 'application/json' } : {}) },
      });
      requests++;
      const where = `${op.method} ${url} ${shown.slice(0, 300)}`;
      if (res.status >= 500) failures.push(`${res.status} ${res.text.slice(0, 200)} ← ${where}`);
      else if (res.status >= 400) {
        if (res.text !== '' && !isDrfBody(res.body)) failures.push(`${res.status} not a DRF body: ${res.text.slice(0, 200)} ← ${where}`);
        const after = await tableCounts(app, tables);
        const changed = tables.filter((t) => after[t] !== before[t]);
        if (changed.length) failures.push(`${res.status} but wrote to ${changed.join(', ')} ← ${where}`);
      }
    };

    for (const op of ops) {
      const pathFor = (values: string[]) => `/api${op.params.reduce((p, name, i) => p.replace(`{${name}}`, values[i]!), op.path)}`;
      const params = fc.tuple(...op.params.map(() => pathValue), fc.constant(''));
      const bodies = op.method === 'DELETE' ? fc.constant(undefined) : fc.oneof({ weight: 4, arbitrary: bodyFor(op.body) }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) });
      await fc.assert(
        fc.asyncProperty(params, bodies, async (values, body) => {
          const json = body === undefined ? undefined : JSON.stringify(body);
          await check(op, pathFor(values), { body: json }, json ?? '');
        }),
        { numRuns: RUNS, seed: 7 },
      );
      if (op.method !== 'DELETE') {
        for (const text of MALFORMED_JSON) await check(op, pathFor(op.params.map(() => '1')), { body: text }, JSON.stringify(text));
        await check(op, pathFor(op.params.map(() => '1')), { body: 'a=1&b=%00', contentType: 'application/x-www-form-urlencoded' }, 'form');
        await check(op, pathFor(op.params.map(() => '1')), { body: 'hello', contentType: 'text/plain' }, 'text/plain');
      }
      if (failures.length > 20) break;
    }
    expect(failures, `${failures.length} bad answers of ${requests} requests:\n${failures.join('\n')}`).toEqual([]);
    expect(requests).toBeGreaterThan(1000);
  });
});

import { describe, expect, it } from 'vitest';
import { createRouteTable } from '../../src/rest/route-table.js';
import { appRouter } from '../../src/routers/index.js';
import { useKlubApp } from '../helpers/klub-app.js';

/**
 * U+0000 is bad input, not an outage (issue 15 §3). For every operation of the OpenAPI
 * document (so a new endpoint is covered without an edit here), a NUL in each text field of the
 * body (nested objects, lists and lists of objects included; multipart too where the operation
 * takes a file), in each query parameter and in each path parameter (over /trpc, see below).
 * A superuser who is also an
 * event organizer sends them, so every request gets past the permission check to validation.
 * Body and query: DRF's `400 {"<field>": ["Null characters are not allowed."]}` with the field
 * path as sent; path: the `404` of a malformed path parameter (api.md §1.1).
 */

interface JsonSchema {
  type?: string | string[];
  format?: string;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: unknown;
  items?: JsonSchema;
  $ref?: string;
  anyOf?: JsonSchema[];
}

interface Operation {
  parameters?: Array<{ name: string; in: string }>;
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}

interface OpenApiDoc {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

type Path = Array<string | number>;

const NUL = 'a\u0000b';
const MESSAGE = 'Null characters are not allowed.';
/** Not DRF views: their errors follow RFC 6749 (api.md §3.1), a NUL is a malformed request. */
const RFC6749 = new Set(['/o/token/']);
const INVALID_REQUEST = { error: 'invalid_request' };

/** A schema without `$ref` and without the `null` branch of a nullable. */
function resolve(doc: OpenApiDoc, s: JsonSchema | undefined): JsonSchema | undefined {
  if (s?.$ref) return resolve(doc, doc.components?.schemas?.[s.$ref.split('/').pop()!]);
  if (s?.anyOf) return resolve(doc, s.anyOf.find((x) => x.type !== 'null'));
  return s;
}

const typeOf = (s: JsonSchema | undefined) => [s?.type].flat()[0];

/** The path of every text field below `schema`, as a client would send it. */
function textPaths(doc: OpenApiDoc, schema: JsonSchema | undefined, prefix: Path = [], depth = 0): Path[] {
  const s = resolve(doc, schema);
  if (!s || depth > 4) return [];
  switch (typeOf(s)) {
    case 'string':
      return s.format === 'binary' ? [] : [prefix];
    case 'array':
      return textPaths(doc, s.items, [...prefix, 0], depth + 1);
    case 'object':
      if (s.properties) return Object.entries(s.properties).flatMap(([k, v]) => textPaths(doc, v, [...prefix, k], depth + 1));
      // A free JSON object (admin `json` fields): a text value under any key.
      return s.additionalProperties === false ? [] : [[...prefix, 'note']];
    default:
      return [];
  }
}

/** A body holding NUL at `path`: `['a', 0, 'b']` → `{"a": [{"b": NUL}]}`. */
function bodyWith(path: Path): unknown {
  return path.reduceRight<unknown>((inner, key) => (typeof key === 'number' ? [inner] : { [key]: inner }), NUL);
}

/**
 * DRF's error body for `path`: nested objects nest, a list of objects is a list aligned with the
 * input, a list of scalars is keyed by index (ListField).
 */
function errorsAt(path: Path): unknown {
  return path.reduceRight<unknown>((inner, key, i) => {
    if (typeof key === 'number') return i === path.length - 1 ? { [key]: inner } : [inner];
    return { [key]: inner };
  }, [MESSAGE]);
}

describe('NUL characters in any input (issue 15 §3)', () => {
  const app = useKlubApp();

  it('are refused with 400 naming the field in every body, query and (over /trpc) path parameter', { timeout: 300_000 }, async () => {
    const doc = (await app.api('/api/openapi.json')).body as OpenApiDoc;
    const admin = await app.user({ isStaff: true, isSuperuser: true, roles: ['event_organizer'] });
    const headers = { authorization: `Bearer ${admin.access}`, 'accept-language': 'en' };

    const failures: string[] = [];
    const counts = { body: 0, multipart: 0, query: 0, path: 0 };
    const expectAnswer = (what: string, res: { status: number; body: unknown; text: string }, status: number, body: unknown) => {
      try {
        expect(res.status).toBe(status);
        expect(res.body).toEqual(body);
      } catch {
        failures.push(`${what} → ${res.status} ${res.text.slice(0, 160)}`);
      }
    };

    for (const [template, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        const M = method.toUpperCase();
        const params = op.parameters ?? [];
        const url = (pathValue: (name: string) => string, query = '') =>
          `/api${template.replace(/\{(\w+)\}/g, (_, name: string) => pathValue(name))}${query}`;
        const plain = url(() => '1');

        const schema = op.requestBody?.content?.['application/json']?.schema;
        const takesFile = JSON.stringify(resolve(doc, schema) ?? {}).includes('"binary"');
        for (const path of textPaths(doc, schema)) {
          const res = await app.api(plain, { method: M, headers, json: bodyWith(path) });
          counts.body++;
          expectAnswer(`${M} ${plain} ${JSON.stringify(bodyWith(path))}`, res, 400, RFC6749.has(template) ? INVALID_REQUEST : errorsAt(path));
          if (takesFile && path.length === 1) {
            const form = new FormData();
            form.set(String(path[0]), NUL);
            const multipart = await app.api(plain, { method: M, headers, body: form });
            counts.multipart++;
            expectAnswer(`${M} ${plain} multipart ${String(path[0])}`, multipart, 400, errorsAt(path));
          }
        }

        for (const { name } of params.filter((p) => p.in === 'query')) {
          const target = url(() => '1', `?${encodeURIComponent(name)}=a%00b`);
          const res = await app.api(target, { method: M, headers });
          counts.query++;
          expectAnswer(`${M} ${target}`, res, 400, { [name]: [MESSAGE] });
        }
      }
    }

    // trpc-to-openapi never percent-decodes a path parameter, so `%00` in a REST path stays three
    // characters (a malformed id or slug: 404). The same field holding a real NUL can come over
    // /trpc, where every path parameter is a plain input field.
    for (const route of createRouteTable(appRouter).all()) {
      for (const [, name] of route.meta.openapi!.path.matchAll(/\{(\w+)\}/g)) {
        const input = encodeURIComponent(JSON.stringify({ [name!]: NUL }));
        const res =
          route.type === 'query'
            ? await app.api(`/trpc/${route.procedurePath}?input=${input}`, { headers })
            : await app.api(`/trpc/${route.procedurePath}`, { method: 'POST', headers, json: { [name!]: NUL } });
        counts.path++;
        const drf = (res.body as { error?: { data?: { drf?: { status: number; body: unknown } } } }).error?.data?.drf;
        expectAnswer(`/trpc ${route.procedurePath} {${name}: NUL}`, { ...res, body: drf }, 400, { status: 400, body: { [name!]: [MESSAGE] }, headers: {} });
      }
    }
    for (const target of ['/api/event/a%00b/', '/api/check_event/a%00b/']) {
      expectAnswer(target, await app.api(target, { headers }), 404, { detail: 'Not found.' });
    }

    // The document really was walked (today: 747 body fields, 94 multipart, 159 query, 97 path).
    expect(counts.body).toBeGreaterThan(500);
    expect(counts.multipart).toBeGreaterThan(20);
    expect(counts.query).toBeGreaterThan(120);
    expect(counts.path).toBeGreaterThan(80);
    expect(failures, `${failures.length} wrong answers:\n${failures.join('\n')}`).toEqual([]);
  });

  it('answers RFC 6749 invalid_request for NUL in OAuth client credentials sent as HTTP Basic', async () => {
    const basic = Buffer.from(`${encodeURIComponent('app\u0000')}:secret`).toString('base64');
    const res = await app.api('/api/o/token/', {
      method: 'POST',
      headers: { authorization: `Basic ${basic}` },
      json: { grant_type: 'client_credentials' },
    });
    expect(res).toMatchObject({ status: 400, body: INVALID_REQUEST });
  });

  it('answers in Czech by default', async () => {
    const res = await app.api('/api/frontend/users/?q=%00', {
      headers: { authorization: `Bearer ${(await app.user({ isStaff: true, isSuperuser: true })).access}` },
    });
    expect(res).toMatchObject({ status: 400, body: { q: ['Nulové znaky nejsou povoleny.'] } });
  });

  it('is checked after the permission check, as DRF validates only what it admitted', async () => {
    const res = await app.api('/api/frontend/whoami', { method: 'PATCH', json: { first_name: NUL } });
    expect(res.status).toBe(403);
  });
});

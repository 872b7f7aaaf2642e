import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import createClient from 'openapi-fetch';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useKlubApp } from '../helpers/klub-app.js';

/**
 * A client generated from `/api/openapi.json` with openapi-typescript + openapi-fetch (issue 15
 * §5): query parameters carry their real types, so `page: 2` type-checks and a choice that does
 * not exist does not.
 */

const app = useKlubApp();

type Parameter = { name: string; in: string; description?: string; schema?: { type?: string } };
type Doc = { paths: Record<string, Record<string, { parameters?: Parameter[] }>> };

const CLIENT = `
import createClient from 'openapi-fetch';
import type { paths } from './schema';

const client = createClient<paths>({ baseUrl: 'http://localhost/api' });

export async function calls(): Promise<void> {
  await client.GET('/event/', {
    params: {
      query: {
        page: 2,
        page_size: 20,
        intended_for: 'children',
        basic_purpose: 'camp',
        type: 'klub',
        administrative_unit: 3,
        is_internal: true,
        datetime_from__gte: '2026-01-01T00:00:00+01:00',
        datetime_to__year: 2026,
      },
    },
  });
  await client.GET('/event/', { params: { query: { page: 'last' } } });
  await client.GET('/event/{id}/', { params: { path: { id: 1 }, query: { interaction_type_id: 4 } } });
  await client.GET('/admin/payments/', { params: { query: { page: 1, type: 'darujme', recipient_account: 2 } } });

  // @ts-expect-error not one of the audiences
  await client.GET('/event/', { params: { query: { intended_for: 'aliens' } } });
  // @ts-expect-error not a preset
  await client.GET('/event/', { params: { query: { type: 'everything' } } });
  // @ts-expect-error a page is a number or "last"
  await client.GET('/event/', { params: { query: { page: 'first' } } });
  // @ts-expect-error an id is a number
  await client.GET('/event/', { params: { query: { administrative_unit: 'three' } } });
}
`;

describe('a client generated from the OpenAPI document', () => {
  let doc: Doc;
  let dir: string;
  beforeAll(async () => {
    const r = await app.api('/api/openapi.json');
    expect(r.status).toBe(200);
    doc = r.body as Doc;
    dir = await mkdtemp(join(tmpdir(), 'klub-openapi-client-'));
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('type-checks page numbers and choices (openapi-typescript + openapi-fetch)', async () => {
    const schema = astToString(await openapiTS(doc as never));
    await writeFile(join(dir, 'schema.d.ts'), schema);
    await writeFile(join(dir, 'client.ts'), CLIENT);

    // The temp dir has no node_modules: point the import at this package's openapi-fetch.
    const fetchTypes = join(dirname(createRequire(import.meta.url).resolve('openapi-fetch')), 'index.d.mts');
    const program = ts.createProgram([join(dir, 'client.ts')], {
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
      types: [],
      paths: { 'openapi-fetch': [fetchTypes] },
    });
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => {
      const where = d.file && d.start !== undefined ? `${d.file.fileName.slice(dir.length + 1)}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1} ` : '';
      return `${where}${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
    expect(diagnostics).toEqual([]);
  });

  it('describes every query parameter', () => {
    const undescribed = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item).flatMap(([method, op]) =>
        (op.parameters ?? []).filter((p) => p.in === 'query' && !p.description).map((p) => `${method} ${path} ?${p.name}`),
      ),
    );
    expect(undescribed).toEqual([]);
  });

  it('sends what the document promises, and the API takes it', async () => {
    // Untyped at runtime (the types above exist only in the temp dir); the values are the typed ones.
    const client = createClient<Record<string, never>>({ baseUrl: `${app.url}/api` }) as unknown as {
      GET(path: string, init: { params: { query: Record<string, unknown> } }): Promise<{ response: Response; data?: unknown }>;
    };
    const query = {
      page: 'last',
      page_size: 20,
      intended_for: 'children',
      type: 'klub',
      administrative_unit: 3,
      is_internal: true,
      datetime_from__gte: '2026-01-01T00:00:00+01:00',
      datetime_to__year: 2026,
    };
    const r = await client.GET('/event/', { params: { query } });
    expect(r.response.status).toBe(200);
    expect(r.data).toEqual({ count: 0, next: null, previous: null, results: [] });
    const page1 = await client.GET('/event/', { params: { query: { page: 1 } } });
    expect(page1.response.status).toBe(200);
  });
});

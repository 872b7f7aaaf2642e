import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startServer, stubOrm, type TestServer } from '../helpers/server.js';
import { testRouter } from '../helpers/test-router.js';
import { undescribedFields } from '../../src/rest/openapi.js';

let s: TestServer;
beforeAll(async () => {
  s = await startServer({ router: testRouter });
});
afterAll(async () => {
  await s.close();
});

type Op = { operationId: string; tags: string[]; security: unknown[]; responses: Record<string, { content?: unknown }> };
type Doc = {
  openapi: string;
  paths: Record<string, Record<string, Op>>;
  components: { securitySchemes: Record<string, { type: string; flows?: unknown }>; schemas: Record<string, unknown> };
};

describe('OpenAPI document (api.md §11)', () => {
  let doc: Doc;
  beforeAll(async () => {
    const r = await call(`${s.url}/api/openapi.json`);
    expect(r.status).toBe(200);
    doc = r.body as Doc;
  });

  it('is served at /api/openapi.json and /api/docs/?format=openapi', async () => {
    expect(doc.openapi).toBe('3.1.0');
    const again = await call(`${s.url}/api/docs/?format=openapi`);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(doc);
  });

  it('keeps trailing slashes as api.md writes them', () => {
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/event/', '/event/{id}/', '/register_userprofile/', '/frontend/locations/{id}/', '/frontend/whoami']),
    );
    expect(Object.keys(doc.paths)).not.toContain('/event');
  });

  it('documents 201 and 204 instead of 200', () => {
    const create = doc.paths['/register_userprofile/']!.post!;
    expect(Object.keys(create.responses)).toContain('201');
    expect(Object.keys(create.responses)).not.toContain('200');
    const del = doc.paths['/frontend/locations/{id}/']!.delete!;
    expect(del.responses['204']).toEqual({ description: 'No content.' });
    expect(del.responses['200']).toBeUndefined();
  });

  it('derives security from the policy', () => {
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['basic', 'jwt', 'oauth2', 'session']);
    expect(doc.components.securitySchemes.oauth2).toMatchObject({ type: 'oauth2', flows: { clientCredentials: { tokenUrl: '/api/o/token/' } } });
    expect(doc.paths['/echo/']!.get!.security).toEqual([]);
    expect(doc.paths['/frontend/whoami']!.get!.security).toEqual([{ jwt: [] }, { basic: [] }, { session: [] }, { oauth2: [] }]);
    expect(doc.paths['/check_event/{slug}/']!.get!.security[0]).toEqual({ oauth2: ['can_check_if_exist', 'read'] });
    expect(doc.paths['/sign_up_for_event/']!.post!.security[0]).toEqual({ oauth2: ['can_create_userprofile_interaction', 'write'] });
  });

  it('describes DRF error bodies, not the library ones', () => {
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['DetailError', 'ValidationError']));
    expect(Object.keys(doc.components.schemas).some((k) => k.startsWith('error.'))).toBe(false);
    const create = doc.paths['/register_userprofile/']!.post!;
    expect(create.responses['400']).toMatchObject({ content: { 'application/json': { schema: { $ref: '#/components/schemas/ValidationError' } } } });
    expect(doc.paths['/event/{id}/']!.get!.responses['404']).toMatchObject({
      content: { 'application/json': { schema: { $ref: '#/components/schemas/DetailError' } } },
    });
  });

  it('leaves procedures without a REST route out, and tags operations', () => {
    expect(JSON.stringify(doc.paths)).not.toContain('trpcOnly');
    expect(doc.paths['/event/']!.get!.tags).toEqual(['public']);
  });

  it('describes every field', () => {
    expect(undescribedFields(doc as never)).toEqual([]);
  });
});

describe('docs UI and browser redirects', () => {
  it('serves Swagger UI as HTML from local assets', async () => {
    const r = await fetch(`${s.url}/api/docs/`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/text\/html/);
    const html = await r.text();
    expect(html).toMatch(/swagger-ui/i);
    expect(html).not.toMatch(/https?:\/\/(cdn|unpkg)/);
    const init = await fetch(`${s.url}/api/docs/swagger-ui-init.js`);
    expect(init.status).toBe(200);
    expect(await init.text()).toContain('/register_userprofile/');
    expect((await fetch(`${s.url}/api/docs/swagger-ui-bundle.js`)).status).toBe(200);
  });

  it('sends a browser opening an endpoint to its operation in the docs', async () => {
    const html = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
    const r = await fetch(`${s.url}/api/bronto/event/?page=2`, { headers: { accept: html }, redirect: 'manual' });
    expect(r.status).toBe(302);
    expect(r.headers.get('location')).toBe('/api/docs/#/public/events-list');
    const post = await fetch(`${s.url}/api/register_userprofile/`, { headers: { accept: html }, redirect: 'manual' });
    expect(post.headers.get('location')).toBe('/api/docs/#/account/register-create');
    const root = await fetch(`${s.url}/api/`, { headers: { accept: html }, redirect: 'manual' });
    expect(root.headers.get('location')).toBe('/api/docs/');
  });

  it('gives API clients JSON as before', async () => {
    for (const accept of ['application/json', '*/*', 'application/json, text/html']) {
      const r = await call(`${s.url}/api/event/?total=1`, { headers: { accept } });
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ count: 1 });
    }
    const unknown = await fetch(`${s.url}/api/nope/`, { headers: { accept: 'text/html' }, redirect: 'manual' });
    expect(unknown.status).toBe(404);
  });
});

describe('health probes', () => {
  it('answers /healthz', async () => {
    expect(await call(`${s.url}/healthz`)).toMatchObject({ status: 200, body: { status: 'ok' } });
  });

  it('answers /readyz with the state of PostgreSQL and Redis', async () => {
    const up = await startServer({ router: testRouter, redis: { ping: async () => 'PONG' } });
    const dbDown = await startServer({ router: testRouter, orm: stubOrm(false), redis: { ping: async () => 'PONG' } });
    const redisDown = await startServer({
      router: testRouter,
      redis: {
        ping: async () => {
          throw new Error('Connection is closed.');
        },
      },
    });
    try {
      expect(await call(`${up.url}/readyz`)).toMatchObject({ status: 200, body: { status: 'ok', checks: { postgres: 'ok', redis: 'ok' } } });
      expect(await call(`${dbDown.url}/readyz`)).toMatchObject({ status: 503, body: { checks: { postgres: 'fail', redis: 'ok' } } });
      expect(await call(`${redisDown.url}/readyz`)).toMatchObject({ status: 503, body: { checks: { postgres: 'ok', redis: 'fail' } } });
    } finally {
      await Promise.all([up.close(), dbDown.close(), redisDown.close()]);
    }
  });
});

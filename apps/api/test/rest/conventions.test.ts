import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startServer, type TestServer } from '../helpers/server.js';
import { testRouter } from '../helpers/test-router.js';

let s: TestServer;
beforeAll(async () => {
  s = await startServer({ router: testRouter });
});
afterAll(async () => {
  await s.close();
});

const EN = { 'accept-language': 'en' };
const validRegistration = { username: 'ann', email: 'Ann@Example.org', newsletter: true };

describe('paths, slashes and aliases (api.md §1.1)', () => {
  it('serves a path with and without its trailing slash, without redirect', async () => {
    const a = await call(`${s.url}/api/echo/?q=hi`);
    const b = await call(`${s.url}/api/echo?q=hi`);
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    expect(b.body).toEqual(a.body);
    expect(a.body).toEqual({ q: 'hi', n: null, flag: null, user: null, tags: null });
  });

  it('parses query booleans and integers the DRF way', async () => {
    expect((await call(`${s.url}/api/echo/?flag=false&n=007`)).body).toMatchObject({ flag: false, n: 7 });
    expect((await call(`${s.url}/api/echo/?flag=1`)).body).toMatchObject({ flag: true });
    expect(await call(`${s.url}/api/echo/?n=x`, { headers: EN })).toMatchObject({ status: 400, body: { n: ['A valid integer is required.'] } });
  });

  it('reads a list parameter given once or repeated', async () => {
    expect((await call(`${s.url}/api/echo/?tags=a`)).body).toMatchObject({ tags: ['a'] });
    expect((await call(`${s.url}/api/echo/?tags=a&tags=c`)).body).toMatchObject({ tags: ['a', 'c'] });
    expect(await call(`${s.url}/api/echo/?tags=x`, { headers: EN })).toMatchObject({ status: 400, body: { tags: ['"x" is not a valid choice.'] } });
  });

  it.each([
    ['/api/bronto/event/', '/api/event/'],
    ['/api/bronto/event/3/', '/api/event/3/'],
    ['/api/bronto/event/3', '/api/event/3/'],
    ['/api/bronto/administrative_unit/', '/api/administrative_unit/'],
    ['/api/bronto/administrative_unit', '/api/administrative_unit/'],
  ])('answers the alias %s like %s', async (alias, canonical) => {
    const a = await call(`${s.url}${alias}?total=3`);
    const b = await call(`${s.url}${canonical}?total=3`);
    expect(a.status).toBe(200);
    expect(a.status).toBe(b.status);
    // Pagination links echo the path as requested, so compare the rest.
    const strip = (x: unknown) => ({ ...(x as Record<string, unknown>), next: null, previous: null });
    expect(Array.isArray(a.body) ? a.body : strip(a.body)).toEqual(Array.isArray(b.body) ? b.body : strip(b.body));
  });

  it.each(['/api/register-userprofile', '/api/register-userprofile/', '/api/register_userprofile', '/api/register_userprofile/'])(
    'registers through %s (D2)',
    async (path) => {
      const r = await call(`${s.url}${path}`, { method: 'POST', json: validRegistration });
      expect(r.status).toBe(201);
      expect(r.body).toMatchObject({ username: 'ann', email: 'ann@example.org' });
    },
  );

  it('serves /api/frontend/location/ as /api/frontend/locations/ (D3)', async () => {
    const auth = { authorization: 'Bearer staff' };
    expect(await call(`${s.url}/api/frontend/location/`, { headers: auth })).toMatchObject({ status: 200, body: [{ id: 1, name: 'Brno' }] });
    expect(await call(`${s.url}/api/frontend/location/4/`, { headers: auth })).toMatchObject({ status: 200, body: { id: 4 } });
    expect(await call(`${s.url}/api/frontend/location/4`, { method: 'DELETE', headers: auth })).toMatchObject({ status: 204 });
  });

  it('answers an unknown path with 404 Not found', async () => {
    expect(await call(`${s.url}/api/nope/`)).toMatchObject({ status: 404, body: { detail: 'Nenalezeno.' } });
    expect(await call(`${s.url}/api/nope/`, { headers: EN })).toMatchObject({ status: 404, body: { detail: 'Not found.' } });
    expect(await call(`${s.url}/elsewhere`)).toMatchObject({ status: 404, body: { detail: 'Not found.' } });
  });

  it('answers a non-integer {id} with 404, not 400', async () => {
    expect(await call(`${s.url}/api/event/abc/`, { headers: EN })).toMatchObject({ status: 404, body: { detail: 'Not found.' } });
    expect(await call(`${s.url}/api/event/1.5/`, { headers: EN })).toMatchObject({ status: 404, body: { detail: 'Not found.' } });
  });

  it('answers a wrong method with 405 and Allow', async () => {
    const r = await call(`${s.url}/api/register_userprofile/`, { method: 'PUT', json: {}, headers: EN });
    expect(r.status).toBe(405);
    expect(r.body).toEqual({ detail: 'Method "PUT" not allowed.' });
    expect(r.headers.get('allow')).toBe('POST');
    const cs = await call(`${s.url}/api/register_userprofile/`, { method: 'DELETE' });
    expect(cs.body).toEqual({ detail: 'Metoda "DELETE" není povolena.' });
  });

  it('checks auth before the method: anonymous GET on a POST-only protected route is 403', async () => {
    const anon = await call(`${s.url}/api/protected_post/`);
    expect(anon).toMatchObject({ status: 403, body: { detail: 'Nebyly zadány přihlašovací údaje.' } });
    const client = await call(`${s.url}/api/protected_post/`, { headers: { authorization: 'Bearer client:read,write', ...EN } });
    expect(client).toMatchObject({ status: 403, body: { detail: 'You do not have permission to perform this action.' } });
    const user = await call(`${s.url}/api/protected_post/`, { headers: { authorization: 'Bearer user', ...EN } });
    expect(user).toMatchObject({ status: 405, body: { detail: 'Method "GET" not allowed.' } });
    expect(user.headers.get('allow')).toBe('POST');
  });

  it('refuses a bad bearer token even on a public endpoint, before the method check', async () => {
    const body = {
      detail: 'Given token not valid for any token type',
      code: 'token_not_valid',
      messages: [{ token_class: 'AccessToken', token_type: 'access', message: 'Token is invalid or expired' }],
    };
    expect(await call(`${s.url}/api/echo/`, { headers: { authorization: 'Bearer bad', ...EN } })).toMatchObject({ status: 403, body });
    expect(await call(`${s.url}/api/echo/`, { method: 'POST', json: {}, headers: { authorization: 'Bearer bad', ...EN } })).toMatchObject({
      status: 403,
      body,
    });
  });

  it('answers HEAD like GET without a body', async () => {
    const r = await fetch(`${s.url}/api/echo/`, { method: 'HEAD' });
    expect(r.status).toBe(200);
    expect(await r.text()).toBe('');
  });
});

describe('request bodies (api.md §1.2)', () => {
  it('reads JSON with a charset parameter', async () => {
    const r = await call(`${s.url}/api/register_userprofile/`, {
      method: 'POST',
      body: JSON.stringify(validRegistration),
      headers: { 'content-type': 'application/json; charset=utf-8' },
    });
    expect(r).toMatchObject({ status: 201, body: { username: 'ann', newsletter: true } });
  });

  it('reads a form-encoded body: repeated key → list, absent boolean → false', async () => {
    const r = await call(`${s.url}/api/register_userprofile/`, {
      method: 'POST',
      body: 'username=ann&email=ann%40example.org&tags=a&tags=c&age=31&birthday=',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(r.status).toBe(201);
    expect(r.body).toEqual({
      username: 'ann',
      email: 'ann@example.org',
      age: 31,
      newsletter: false,
      tags: ['a', 'c'],
      birthday: null,
      userchannels: [],
    });
  });

  it('reads a single form value of a list field as a one-item list', async () => {
    const r = await call(`${s.url}/api/register_userprofile/`, {
      method: 'POST',
      body: 'username=ann&email=ann%40example.org&tags=b&newsletter=on',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(r).toMatchObject({ status: 201, body: { tags: ['b'], newsletter: true } });
  });

  it('reads a multipart body the same way', async () => {
    const form = new FormData();
    form.append('username', 'ann');
    form.append('email', 'ann@example.org');
    form.append('tags', 'a');
    form.append('tags', 'b');
    form.append('newsletter', 'true');
    const r = await call(`${s.url}/api/register_userprofile/`, { method: 'POST', body: form });
    expect(r).toMatchObject({ status: 201, body: { username: 'ann', tags: ['a', 'b'], newsletter: true } });
  });

  it('hands multipart files to the input as uploaded files', async () => {
    const form = new FormData();
    form.append('title', ' Report ');
    form.append('doc', new Blob(['hello'], { type: 'text/plain' }), 'hello.txt');
    const r = await call(`${s.url}/api/upload/`, { method: 'POST', body: form });
    expect(r).toMatchObject({ status: 201, body: { title: 'Report', filename: 'hello.txt', contentType: 'text/plain', size: 5, text: 'hello' } });
    const missing = new FormData();
    missing.append('title', 'x');
    missing.append('doc', 'not a file');
    expect(await call(`${s.url}/api/upload/`, { method: 'POST', body: missing, headers: EN })).toMatchObject({
      status: 400,
      body: { doc: ['The submitted data was not a file. Check the encoding type on the form.'] },
    });
  });

  it('answers malformed JSON with 400 JSON parse error', async () => {
    const r = await call(`${s.url}/api/register_userprofile/`, {
      method: 'POST',
      body: '{"username": ',
      headers: { 'content-type': 'application/json', ...EN },
    });
    expect(r.status).toBe(400);
    expect(Object.keys(r.body as object)).toEqual(['detail']);
    expect((r.body as { detail: string }).detail).toMatch(/^JSON parse error - .+/);
    expect(r.text).not.toMatch(/<html|at \w+ \(/i);
  });

  it('answers an unsupported content type with 415', async () => {
    const r = await call(`${s.url}/api/register_userprofile/`, { method: 'POST', body: 'hello', headers: { 'content-type': 'text/plain', ...EN } });
    expect(r).toMatchObject({ status: 415, body: { detail: 'Unsupported media type "text/plain" in request.' } });
  });

  it('refuses a JSON body that is not an object', async () => {
    const r = await call(`${s.url}/api/register_userprofile/`, { method: 'POST', json: ['a'], headers: EN });
    expect(r).toMatchObject({ status: 400, body: { non_field_errors: ['Invalid data. Expected a dictionary, but got list.'] } });
  });

  it('ignores a body on GET', async () => {
    const r = await call(`${s.url}/api/echo/?q=x`, { method: 'GET', headers: { 'content-type': 'text/plain' } });
    expect(r).toMatchObject({ status: 200, body: { q: 'x' } });
  });
});

describe('validation errors (api.md §1.5) and languages (§1.4)', () => {
  it('maps fields, nested objects and aligned lists', async () => {
    const r = await call(`${s.url}/api/register_userprofile/`, {
      method: 'POST',
      headers: EN,
      json: {
        username: 'x'.repeat(11),
        email: 'nope',
        newsletter: 'maybe',
        tags: 'a',
        address: { city: null },
        userchannels: [
          { money_account: 'a', amount: 1 },
          { money_account: '  ', amount: -1 },
          { money_account: 'b', amount: 'x' },
        ],
      },
    });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({
      username: ['Ensure this field has no more than 10 characters.'],
      email: ['Enter a valid email address.'],
      newsletter: ['Must be a valid boolean.'],
      tags: ['Expected a list of items but got type "str".'],
      address: { city: ['This field may not be null.'] },
      userchannels: [
        {},
        { money_account: ['This field may not be blank.'], amount: ['Ensure this value is greater than or equal to 0.'] },
        { amount: ['A valid integer is required.'] },
      ],
    });
  });

  it('answers in Czech by default', async () => {
    const r = await call(`${s.url}/api/register_userprofile/`, { method: 'POST', json: { username: '', email: 'x', newsletter: null, tags: ['z'] } });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({
      username: ['Toto pole nesmí být prázdné.'],
      email: ['Vložte platnou e-mailovou adresu.'],
      newsletter: ['Toto pole nesmí být prázdné (null).'],
      tags: ['"z" není platnou možností.'],
    });
    const missing = await call(`${s.url}/api/register_userprofile/`, { method: 'POST', json: {} });
    expect(missing.body).toEqual({
      username: ['Toto pole je vyžadováno.'],
      email: ['Toto pole je vyžadováno.'],
      newsletter: ['Toto pole je vyžadováno.'],
    });
  });

  it('answers in English with Accept-Language: en', async () => {
    const r = await call(`${s.url}/api/register_userprofile/`, { method: 'POST', json: {}, headers: EN });
    expect(r.body).toEqual({
      username: ['This field is required.'],
      email: ['This field is required.'],
      newsletter: ['This field is required.'],
    });
    const cs = await call(`${s.url}/api/echo/?n=x`, { headers: { 'accept-language': 'de, cs;q=0.5' } });
    expect(cs.body).toEqual({ n: ['Je vyžadováno celé číslo.'] });
  });

  it('puts errors not tied to a field under non_field_errors', async () => {
    const r = await call(`${s.url}/api/register_userprofile/`, { method: 'POST', json: { ...validRegistration, username: 'root' }, headers: EN });
    expect(r).toMatchObject({ status: 400, body: { non_field_errors: ['This username is reserved.'] } });
  });

  it('passes a resolver ValidationError through unchanged (translated)', async () => {
    const r = await call(`${s.url}/api/register_userprofile/`, { method: 'POST', json: { ...validRegistration, email: 'taken@example.org' } });
    expect(r).toMatchObject({ status: 400, body: { email: ['Tato položka musí být unikátní.'] } });
  });

  it('keeps a custom body shape exactly', async () => {
    expect(await call(`${s.url}/api/custom_error/`)).toMatchObject({ status: 403, body: { error: 'must be an event organizer' } });
  });
});

describe('success statuses (api.md §1.3)', () => {
  it('answers 201 for a create and 204 without body or content type for a delete', async () => {
    expect((await call(`${s.url}/api/register_userprofile/`, { method: 'POST', json: validRegistration })).status).toBe(201);
    const del = await fetch(`${s.url}/api/frontend/locations/9/`, { method: 'DELETE', headers: { authorization: 'Bearer organizer' } });
    expect(del.status).toBe(204);
    expect(await del.text()).toBe('');
    expect(del.headers.get('content-type')).toBeNull();
  });
});

describe('errors that are bugs (stack.md G8)', () => {
  it('hides the message and stack of an unexpected error on REST', async () => {
    const r = await call(`${s.url}/api/boom/`, { headers: EN });
    expect(r).toMatchObject({ status: 500, body: { detail: 'A server error occurred.' } });
    expect(r.text).not.toMatch(/secret|password|stack|at /i);
  });

  it('hides them on /trpc too', async () => {
    const r = await call(`${s.url}/trpc/failures.boom`, { headers: EN });
    expect(r.status).toBe(500);
    expect(r.text).not.toMatch(/secret|password|stack/i);
    expect(r.body).toMatchObject({ error: { message: 'A server error occurred.', data: { httpStatus: 500 } } });
  });

  it('hides an output validation failure', async () => {
    const r = await call(`${s.url}/api/bad_output/`, { headers: EN });
    expect(r).toMatchObject({ status: 500, body: { detail: 'A server error occurred.' } });
  });

  it('answers a lost database with 503 and no details', async () => {
    const r = await call(`${s.url}/api/db_down/`, { headers: EN });
    expect(r.status).toBe(503);
    expect(r.body).toEqual({ detail: 'Service temporarily unavailable, try again later.' });
    expect(r.headers.get('retry-after')).toBe('5');
    expect(r.text).not.toMatch(/secret|10\.0\.0\.1/);
  });

  it('carries the request id', async () => {
    const r = await call(`${s.url}/api/boom/`, { headers: { 'x-request-id': 'abc-123' } });
    expect(r.headers.get('x-request-id')).toBe('abc-123');
    expect((await call(`${s.url}/api/echo/`)).headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('CORS (CORS_ORIGINS)', () => {
  it('allows listed origins only, with preflight', async () => {
    const c = await startServer({ router: testRouter, env: { CORS_ORIGINS: 'https://app.example.org' } });
    try {
      const pre = await fetch(`${c.url}/api/register_userprofile/`, {
        method: 'OPTIONS',
        headers: { origin: 'https://app.example.org', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });
      expect(pre.status).toBe(204);
      expect(pre.headers.get('access-control-allow-origin')).toBe('https://app.example.org');
      expect(pre.headers.get('access-control-allow-headers')).toBe('content-type');
      const other = await fetch(`${c.url}/api/echo/`, { headers: { origin: 'https://evil.example' } });
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
      const plain = await fetch(`${s.url}/api/echo/`, { headers: { origin: 'https://app.example.org' } });
      expect(plain.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await c.close();
    }
  });
});

describe('/trpc serves the same procedures (no transformer)', () => {
  it('returns the REST body as tRPC data', async () => {
    const input = encodeURIComponent(JSON.stringify({ q: 'hi', n: '5' }));
    const t = await call(`${s.url}/trpc/echo.list?input=${input}`, { headers: { authorization: 'Bearer user' } });
    const r = await call(`${s.url}/api/echo/?q=hi&n=5`, { headers: { authorization: 'Bearer user' } });
    expect(t.status).toBe(200);
    expect((t.body as { result: { data: unknown } }).result.data).toEqual(r.body);
  });

  it('returns a paginated envelope with the same links', async () => {
    const input = encodeURIComponent(JSON.stringify({ total: 25, page: 2 }));
    const t = await call(`${s.url}/trpc/events.list?input=${input}`);
    const r = await call(`${s.url}/api/event/?total=25&page=2`);
    expect((t.body as { result: { data: unknown } }).result.data).toEqual(r.body);
  });

  it('creates with a JSON body and reports field errors in data.drf', async () => {
    const ok = await call(`${s.url}/trpc/register.create`, { method: 'POST', json: validRegistration });
    expect(ok.status).toBe(200);
    expect((ok.body as { result: { data: unknown } }).result.data).toMatchObject({ email: 'ann@example.org' });
    const bad = await call(`${s.url}/trpc/register.create`, { method: 'POST', json: { ...validRegistration, age: -1 }, headers: EN });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({
      error: { data: { code: 'BAD_REQUEST', drf: { status: 400, body: { age: ['Ensure this value is greater than or equal to 0.'] } } } },
    });
  });

  it('uses the status of an AppError and the request language', async () => {
    const r = await call(`${s.url}/trpc/whoami.retrieve`, { headers: EN });
    expect(r.status).toBe(403);
    expect(r.body).toMatchObject({
      error: {
        message: 'Authentication credentials were not provided.',
        data: { code: 'FORBIDDEN', drf: { body: { detail: 'Authentication credentials were not provided.' } } },
      },
    });
    const cs = await call(`${s.url}/trpc/whoami.retrieve`);
    expect(cs.body).toMatchObject({ error: { message: 'Nebyly zadány přihlašovací údaje.', data: { drf: { body: { detail: 'Nebyly zadány přihlašovací údaje.' } } } } });
  });

  it('serves procedures that have no REST route', async () => {
    expect((await call(`${s.url}/trpc/trpcOnly.ping`)).body).toEqual({ result: { data: 'pong' } });
  });
});

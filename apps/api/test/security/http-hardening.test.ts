import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { useKlubApp } from '../helpers/klub-app.js';
import { call, startServer, type TestServer } from '../helpers/server.js';
import { testRouter } from '../helpers/test-router.js';
import { createLogger } from '../../src/logger.js';
import { maskEmails, loggableUrl } from '../../src/security/log-masking.js';
import { router } from '../../src/trpc/init.js';
import { publicProcedure, rest } from '../../src/trpc/procedures.js';

describe('security headers, request ids, body limits (issue 7)', () => {
  const app = useKlubApp({}, () => ({ bodyLimits: { jsonBytes: 2_000, fileBytes: 1_000, files: 2, fields: 50 } }));

  it('sends helmet headers on API answers', async () => {
    const res = await app.api('/api/event/');
    expect(res.status).toBe(200);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('referrer-policy')).toBe('same-origin');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    // Event photos are embedded by other sites.
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('serves the docs UI under the CSP: every script is a file of its own origin', async () => {
    const res = await app.api('/api/docs/', { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    expect(res.text).not.toMatch(/<script>(?!\s*<\/script>)/);
    for (const src of res.text.matchAll(/<script src=["']([^"']+)["']/g)) {
      expect(src[1]).not.toMatch(/^https?:/);
      expect((await app.api(`/api/docs/${src[1]!.replace(/^\.\//, '')}`)).status).toBe(200);
    }
  });

  it('puts X-Request-Id on every answer: API, docs, health, unknown paths, errors', async () => {
    for (const path of ['/api/event/', '/api/docs/', '/healthz', '/nope', '/api/nope/', '/api/event/abc/']) {
      expect((await app.api(path)).headers.get('x-request-id'), path).toMatch(/^[0-9a-f-]{36}$/);
    }
    expect(
      (await app.api('/api/event/', { headers: { 'x-request-id': 'trace-42' } })).headers.get('x-request-id'),
    ).toBe('trace-42');
  });

  it('refuses oversized JSON, form and multipart bodies with 413', async () => {
    const big = 'x'.repeat(3_000);
    const json = await app.api('/api/reset_password_email/', {
      method: 'POST',
      json: { email: big },
      headers: { 'accept-language': 'en' },
    });
    expect(json.status).toBe(413);
    expect(json.body).toEqual({ detail: 'Request body is too large.' });
    const form = await app.api('/api/reset_password_email/', {
      method: 'POST',
      body: new URLSearchParams({ email: big }),
      headers: { 'accept-language': 'en' },
    });
    expect(form.status).toBe(413);
    expect(form.body).toEqual({ detail: 'Request body is too large.' });
    const data = new FormData();
    data.append('email', 'a@example.org');
    data.append('file', new Blob([big]), 'big.pdf');
    const multipart = await app.api('/api/reset_password_email/', {
      method: 'POST',
      body: data,
      headers: { 'accept-language': 'en' },
    });
    expect(multipart.status).toBe(413);
    expect(multipart.body).toEqual({ detail: 'Request body is too large.' });
    const many = new FormData();
    for (let i = 0; i < 3; i++) many.append(`f${i}`, new Blob(['x']), `f${i}.pdf`);
    const tooMany = await app.api('/api/reset_password_email/', {
      method: 'POST',
      body: many,
      headers: { 'accept-language': 'en' },
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body).toEqual({ detail: expect.stringMatching(/^Multipart form parse error - /) });
  });
});

describe('request timeout and TRUST_PROXY', () => {
  const slowRouter = router({
    ...testRouter._def.record,
    slow: publicProcedure
      .meta(rest('GET', '/slow/', { tags: ['test'], summary: 'Answers after 1.5 s' }))
      .input(z.object({}))
      .output(z.object({ ok: z.boolean() }))
      .query(async () => {
        await sleep(1_500);
        return { ok: true };
      }),
  });
  let behindProxy: TestServer;
  let direct: TestServer;
  beforeAll(async () => {
    behindProxy = await startServer({
      router: slowRouter,
      env: { TRUST_PROXY: 'true', REQUEST_TIMEOUT_MS: '300', RATE_LIMIT_ENABLED: 'false' },
    });
    direct = await startServer({ router: slowRouter, env: { RATE_LIMIT_ENABLED: 'false' } });
  });
  afterAll(async () => {
    await behindProxy.close();
    await direct.close();
  });

  it('answers 503 with Retry-After when a request takes longer than REQUEST_TIMEOUT_MS', async () => {
    const started = Date.now();
    const res = await call(`${behindProxy.url}/api/slow/`, { headers: { 'accept-language': 'en' } });
    expect(Date.now() - started).toBeLessThan(1_400);
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ detail: 'Service temporarily unavailable, try again later.' });
    expect(res.headers.get('retry-after')).toBe('5');
    // The late answer of the handler goes nowhere and breaks nothing.
    await sleep(1_400);
    expect((await call(`${behindProxy.url}/api/event/`)).status).toBe(200);
  });

  it('builds https pagination links behind a proxy only when TRUST_PROXY is set', async () => {
    const headers = { 'x-forwarded-proto': 'https' };
    const proxied = await call(`${behindProxy.url}/api/event/?total=30`, { headers });
    expect((proxied.body as { next: string }).next).toBe(
      `${behindProxy.url.replace('http:', 'https:')}/api/event/?total=30&page=2`,
    );
    const plain = await call(`${direct.url}/api/event/?total=30`, { headers });
    expect((plain.body as { next: string }).next).toBe(`${direct.url}/api/event/?total=30&page=2`);
  });
});

describe('structured request logs (issue 7)', () => {
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger(
    { LOG_LEVEL: 'info' },
    { write: (s: string) => void lines.push(JSON.parse(s) as Record<string, unknown>) },
  );
  const app = useKlubApp({}, () => ({ logger }));

  it('logs request id, caller kind, route, status and duration; masks e-mails; never logs credentials', async () => {
    const staff = await app.user({ isStaff: true });
    lines.length = 0;
    const res = await app.api('/api/frontend/users/?q=jane.doe@example.org&access_token=abc', {
      headers: { authorization: `Bearer ${staff.access}`, 'x-request-id': 'req-1' },
    });
    expect(res.status).toBe(200);
    await app.api('/api/token/', { method: 'POST', json: { username: staff.username, password: staff.password } });
    await sleep(50);
    const line = lines.find((l) => l.requestId === 'req-1' && l.msg === 'request');
    expect(line).toMatchObject({
      level: 'info',
      requestId: 'req-1',
      method: 'GET',
      route: 'frontend.users.list',
      caller: 'user:jwt',
      status: 200,
      url: '/api/frontend/users/?q=j***%40example.org&access_token=%5Bredacted%5D',
    });
    expect(line?.ms).toEqual(expect.any(Number));
    expect(lines.find((l) => l.route === 'tokens.obtain')).toMatchObject({ caller: 'anonymous', status: 200 });
    const all = JSON.stringify(lines);
    for (const secret of [staff.access, staff.password, 'jane.doe@example.org', 'abc&'])
      expect(all).not.toContain(secret);
  });

  it('gives what a procedure logs the request id too', async () => {
    lines.length = 0;
    const res = await app.api('/api/reset_password_email/', {
      method: 'POST',
      headers: { 'x-request-id': 'req-2' },
      json: { email: 'nobody@example.org' },
    });
    expect(res.status).toBe(200);
    await sleep(50);
    expect(lines.find((l) => l.msg === 'password reset requested')).toMatchObject({
      level: 'info',
      requestId: 'req-2',
      queued: false,
    });
  });
});

describe('log masking', () => {
  it('masks e-mail addresses in messages, fields and errors; redacts secrets', () => {
    const lines: string[] = [];
    const logger = createLogger({ LOG_LEVEL: 'info' }, { write: (s: string) => void lines.push(s) });
    logger.info(
      {
        email: 'Ann.Smith@Example.org',
        nested: { list: ['bob@example.org'] },
        password: 'hunter2',
        authorization: 'Bearer x',
      },
      'mail to ann@example.org',
    );
    logger.error({ err: new Error('duplicate key (email)=(carl@example.org)') }, 'failed');
    const text = lines.join('\n');
    expect(text).toContain('A***@Example.org');
    expect(text).toContain('b***@example.org');
    expect(text).toContain('a***@example.org');
    expect(text).toContain('c***@example.org');
    expect(text).not.toMatch(/hunter2|Bearer x|Ann\.Smith|carl@/);
    expect(maskEmails('no address here')).toBe('no address here');
    expect(loggableUrl('/api/x/?token=abc&page=2')).toBe('/api/x/?token=%5Bredacted%5D&page=2');
  });
});

import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import type { MikroORM } from '@mikro-orm/postgresql';
import { initOrm } from '@klub/db';
import { createLogger } from '../../src/logger.js';
import { call, startServer, type TestServer } from '../helpers/server.js';
import { testRouter } from '../helpers/test-router.js';

/**
 * Only a lost or refused connection is the outage (503, retry later). Any other database error
 * on a working connection is a bug: 500 with the generic body, and an error id that the body
 * and the error's log line share, so a client's report finds the stack (issue 15 §3). The
 * statement PostgreSQL cannot read (text holding U+0000) carries a class-08 "connection
 * exception" code, which is how NUL input used to be reported as an outage.
 */
describe('a database error on a working connection', () => {
  let orm: MikroORM;
  let server: TestServer;
  const lines: Array<Record<string, unknown>> = [];

  beforeAll(async () => {
    orm = await initOrm(inject('apiDatabaseUrl'));
    const logger = createLogger({ LOG_LEVEL: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
    server = await startServer({ router: testRouter, orm, logger });
  });
  afterAll(async () => {
    await server?.close();
    await orm?.close();
  });

  it.each(['protocol', 'statement'])('answers 500 with an error id in body and log (%s error)', async (kind) => {
    const r = await call(`${server.url}/api/db_error/?kind=${kind}`, { headers: { 'accept-language': 'en' } });
    expect(r.status).toBe(500);
    expect(r.headers.get('retry-after')).toBeNull();
    const body = r.body as { detail: string; error_id: string };
    expect(body).toEqual({ detail: 'A server error occurred.', error_id: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    const logged = lines.filter((l) => l.msg === 'unhandled error' && l.errorId === body.error_id);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ level: 'error', requestId: r.headers.get('x-request-id'), err: { message: expect.any(String) } });
  });

  it('gives the id on /trpc as well', async () => {
    const r = await call(`${server.url}/trpc/failures.dbError?input=${encodeURIComponent(JSON.stringify({ kind: 'protocol' }))}`);
    expect(r.status).toBe(500);
    const id = (r.body as { error: { data: { drf: { body: { error_id: string } } } } }).error.data.drf.body.error_id;
    expect(lines.some((l) => l.msg === 'unhandled error' && l.errorId === id)).toBe(true);
  });
});

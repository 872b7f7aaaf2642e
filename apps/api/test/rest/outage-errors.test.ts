import { afterAll, describe, expect, it } from 'vitest';
import { call, startServer, stubOrm, type TestServer } from '../helpers/server.js';
import { testRouter } from '../helpers/test-router.js';

/**
 * An error nobody recognises is a bug (500) while the database answers, and the outage (503 with
 * Retry-After) while it does not: drivers word a lost connection in more ways than any list holds.
 */
describe('unexpected errors during a database outage', () => {
  const servers: TestServer[] = [];
  afterAll(async () => {
    for (const s of servers) await s.close();
  });

  it('answers 503 with Retry-After when the database does not answer, 500 when it does', async () => {
    const down = await startServer({ router: testRouter, orm: stubOrm(false) });
    const up = await startServer({ router: testRouter, orm: stubOrm(true) });
    servers.push(down, up);
    const outage = await call(`${down.url}/api/boom/`, { headers: { 'accept-language': 'en' } });
    expect(outage.status).toBe(503);
    expect(outage.headers.get('retry-after')).toBe('5');
    expect(outage.text).not.toMatch(/secret|password/);
    expect((await call(`${up.url}/api/boom/`)).status).toBe(500);
  });
});

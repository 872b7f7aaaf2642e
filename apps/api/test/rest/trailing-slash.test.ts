import type { RequestHandler } from 'express';
import type { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { initOrm } from '@klub/db';
import { createUserAccount } from '@klub/domain';
import { useKlubApp } from '../helpers/klub-app.js';
import { SessionService } from '../../src/auth/sessions.js';
import { JobQueues } from '../../src/jobs/job-queues.js';
import { queueDashboard } from '../../src/jobs/queue-dashboard.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Every path is served with and without its trailing slash, by the same handler, with no
 * redirect (api.md §1.1, D1), the paths outside tRPC included: the docs, the OpenAPI
 * document, the health probes and the queue dashboard.
 */
describe('paths outside tRPC answer with and without the trailing slash, never a redirect', () => {
  let orm: MikroORM;
  let jobs: JobQueues;
  let dashboard: RequestHandler;
  beforeAll(async () => {
    orm = await initOrm(inject('apiDatabaseUrl'));
    jobs = new JobQueues(REDIS_URL, `test-api-slash-${process.pid}`);
    dashboard = queueDashboard({ orm, sessions: new SessionService(orm, false), jobs });
  });
  afterAll(async () => {
    await jobs.close();
    await orm.close(true);
  });
  const app = useKlubApp({}, () => ({ queueDashboard: (req, res, next) => dashboard(req, res, next) }));

  const both = async (path: string, headers: Record<string, string> = {}) => {
    const bare = path.replace(/\/(\?|$)/, '$1');
    const slashed = await app.api(path, { headers });
    const slashless = await app.api(bare, { headers });
    for (const [url, res] of [
      [path, slashed],
      [bare, slashless],
    ] as const) {
      expect(res.headers.get('location'), url).toBeNull();
      expect(res.status, url).toBe(200);
    }
    return { slashed, slashless, bare };
  };

  it('the OpenAPI document and the health probes', async () => {
    for (const path of ['/api/openapi.json/', '/api/docs/?format=openapi', '/healthz/', '/readyz/']) {
      const { slashed, slashless } = await both(path);
      expect(slashless.body, path).toEqual(slashed.body);
    }
  });

  it('the Swagger UI page, whose scripts and styles load from either address', async () => {
    const { slashed, slashless, bare } = await both('/api/docs/', { accept: 'text/html' });
    expect(slashed.text).toContain('swagger-ui');
    for (const [page, res] of [
      ['/api/docs/', slashed],
      [bare, slashless],
    ] as const) {
      const assets = [...res.text.matchAll(/(?:src|href)=["']([^"']+\.(?:js|css))["']/g)].map((m) => m[1]!);
      expect(assets.length, page).toBeGreaterThan(0);
      for (const asset of assets) {
        const url = new URL(asset, `${app.url}${page}`);
        expect((await app.api(url.pathname)).status, `${asset} from ${page}`).toBe(200);
      }
    }
  });

  it('the queue dashboard', async () => {
    const su = await createUserAccount(orm.em.fork(), {
      username: 'root',
      email: 'root@example.org',
      password: 'a long secret',
      isStaff: true,
      isSuperuser: true,
    });
    const { setCookies } = await new SessionService(orm, false).create(su.id);
    const cookie = setCookies.map((c) => c.split(';')[0]).join('; ');
    const { slashed, slashless } = await both('/admin/queues/', { cookie, accept: 'text/html' });
    expect(slashed.text).toContain('<div id="root">');
    expect(slashless.text).toContain('<div id="root">');
  });
});

import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { AnyProcedure } from '@trpc/server';
import { describe, expect, inject, it } from 'vitest';
import { appRouter } from '../../src/routers/index.js';
import { useKlubApp } from '../helpers/klub-app.js';

const run = promisify(execFile);
const CLI = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const TSX = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));
const procedures = appRouter._def.procedures as unknown as Record<string, AnyProcedure>;
const hasRegistration = Object.values(procedures).some((p) => (p._def.meta as { openapi?: { path?: string } } | undefined)?.openapi?.path === '/register_userprofile/');

type Body = Record<string, unknown>;

/** docs/walkthrough.md, step by step: an organisation set up from nothing with the CLI and the admin API. */
describe('setting up an organisation from nothing (docs/walkthrough.md, issue 3 "Done when")', () => {
  const app = useKlubApp();

  it('works with the CLI and the admin API alone, and the API documentation examples then work', async () => {
    // 1. The superuser, through the real CLI.
    const cli = await run(TSX, [CLI, 'createsuperuser', '--username', 'admin', '--email', 'admin@example.org', '--password', 'a long secret'], {
      env: { ...process.env, DATABASE_URL: inject('apiDatabaseUrl'), NODE_ENV: 'test' },
    });
    expect(cli.stdout).toMatch(/superuser "admin" created/);
    const token = await app.api('/api/token/', { method: 'POST', json: { username: 'admin', password: 'a long secret' } });
    expect(token.status).toBe(200);
    const headers = { authorization: `Bearer ${(token.body as { access: string }).access}`, 'accept-language': 'en' };
    const admin = async (method: string, path: string, json?: Body) => {
      const res = await app.api(path, { method, headers, ...(json ? { json } : {}) });
      expect(res.status, `${method} ${path}: ${res.text}`).toBeLessThan(300);
      return res.body as Body;
    };

    // 2. A unit.
    const unit = await admin('POST', '/api/admin/administrative-units/', {
      name: 'Auto*Mat',
      web_url: 'https://auto-mat.cz',
      from_email_address: 'klub@auto-mat.cz',
      from_email_str: 'Auto*Mat <klub@auto-mat.cz>',
    });
    expect(unit).toMatchObject({ slug: 'automat', level: 'club' });

    // 3. A bank account with a slug.
    const account = await admin('POST', '/api/admin/money-accounts/', {
      kind: 'bank',
      administrative_unit: unit.id as number,
      slug: 'obecne_darujme',
      bank_account_number: '2400063333/2010',
    });
    expect(account).toMatchObject({ slug: 'obecne_darujme' });

    // 4. An event with a slug.
    const event = await admin('POST', '/api/admin/events/', { name: 'Obecné', slug: 'obecne', administrative_units: [unit.id as number], public_on_web: true });
    expect(event).toMatchObject({ slug: 'obecne', public_on_web: true });

    // 5. An OAuth application.
    const application = await admin('POST', '/api/admin/oauth-applications/', {
      name: 'web forms',
      authorization_grant_type: 'client-credentials',
      default_scopes: 'read write can_view_events can_create_userprofile_interaction',
    });
    const { client_id, client_secret } = application as { client_id: string; client_secret: string };

    // 6. The curl examples of the API documentation (seed-api-doc.txt).
    const oauth = await app.api('/api/o/token/', { method: 'POST', json: { grant_type: 'client_credentials', client_id, client_secret } });
    expect(oauth).toMatchObject({ status: 200, body: { token_type: 'Bearer', scope: 'read write can_view_events can_create_userprofile_interaction' } });
    const bearer = (oauth.body as { access_token: string }).access_token;
    const events = await app.api('/api/bronto/event/', { headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' } });
    expect(events.status).toBe(200);
    expect(events.body).toMatchObject({ count: 1, next: null, previous: null, results: [{ id: event.id, name: 'Obecné', administrative_unit_name: 'Auto*Mat' }] });

    if (hasRegistration) {
      const registered = await app.api('/api/register-userprofile', {
        method: 'POST',
        json: {
          username: 'test2',
          password: 'foobarbaz',
          first_name: 'Test',
          last_name: 'Test',
          telephone: '334534534',
          email: 'test2@example.org',
          userchannels: [{ money_account: 'obecne_darujme', event: 'obecne', regular_amount: 250, regular_frequency: 'monthly' }],
        },
      });
      expect(registered.status, registered.text).toBe(201);
      expect(registered.body).toMatchObject({ username: 'test2', userchannels: [{ money_account: 'obecne_darujme', event: 'obecne', VS: '0000000001' }] });

      // The administrator sees the new donor at once.
      const people = await admin('GET', '/api/admin/profiles/?search=test2@example.org');
      expect(people).toMatchObject({ count: 1, results: [{ username: 'test2', telephone: '334534534', administrative_units: [unit.id] }] });
      const channels = await admin('GET', `/api/admin/donor-payment-channels/?event=${event.id as number}`);
      expect(channels).toMatchObject({ count: 1, results: [{ VS: '0000000001', money_account: account.id, regular_amount: 250 }] });
    }

    // Everything the administrator did is in the audit log.
    const log = await admin('GET', '/api/admin/audit-log/?ordering=id');
    expect((log.results as Body[]).map((e) => `${e.action as string} ${e.resource as string}`)).toEqual([
      'create administrative-units',
      'create money-accounts',
      'create events',
      'create oauth-applications',
    ]);
  });
});

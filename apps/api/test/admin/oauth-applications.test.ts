import { describe, expect, it } from 'vitest';
import { OAuthAccessToken, OAuthApplication } from '@klub/db';
import { sha256Hex } from '@klub/domain';
import { useKlubApp } from '../helpers/klub-app.js';
import { caller, superuser } from './helpers.js';

type App = Record<string, unknown> & { id: number; client_id: string; client_secret: string };

describe('/api/admin/oauth-applications/ (operations.md §3, domain.md §6.2)', () => {
  const app = useKlubApp();

  const token = (clientId: string, clientSecret: string) =>
    app.api('/api/o/token/', { method: 'POST', json: { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret } });

  it('answers the client secret once, stores only its hash, and the credentials work', async () => {
    const su = await superuser(app);
    const api = caller(app, su.headers);
    const res = await api('POST', '/api/admin/oauth-applications/', { name: 'web forms', default_scopes: ' read  write can_view_events ' });
    expect(res.status, res.text).toBe(201);
    const created = res.body as App;
    expect(created).toEqual({
      id: expect.any(Number),
      client_id: expect.any(String),
      client_secret: expect.any(String),
      name: 'web forms',
      default_scopes: 'read write can_view_events',
      authorization_grant_type: 'client-credentials',
      client_type: 'confidential',
      redirect_uris: '',
      skip_authorization: false,
      user: null,
      created: expect.any(String),
      updated: expect.any(String),
    });
    const stored = await app.em().findOneOrFail(OAuthApplication, created.id);
    expect(stored.clientSecretHash).not.toBe(created.client_secret);
    expect(stored.clientSecretHash).not.toContain(created.client_secret);

    const later = [
      await api('GET', `/api/admin/oauth-applications/${created.id}/`),
      await api('GET', '/api/admin/oauth-applications/'),
      await api('PATCH', `/api/admin/oauth-applications/${created.id}/`, { name: 'forms' }),
      await api('GET', '/api/admin/audit-log/?resource=oauth-applications'),
    ];
    for (const r of later) {
      expect(r.status).toBe(200);
      expect(r.text).not.toContain(created.client_secret);
      expect(r.text).not.toContain(stored.clientSecretHash);
      expect(r.text).not.toContain('client_secret');
    }

    const granted = await token(created.client_id, created.client_secret);
    expect(granted).toMatchObject({ status: 200, body: { scope: 'read write can_view_events', token_type: 'Bearer' } });
    const events = await app.api('/api/bronto/event/', { headers: { authorization: `Bearer ${(granted.body as { access_token: string }).access_token}` } });
    expect(events.status).toBe(200);
  });

  it('rotates the secret (the old one stops working) and revokes every token', async () => {
    const su = await superuser(app);
    const api = caller(app, su.headers);
    const created = (await api('POST', '/api/admin/oauth-applications/', { name: 'vizus', default_scopes: 'read write can_create_interactions' })).body as App;
    const first = (await token(created.client_id, created.client_secret)).body as { access_token: string };
    await token(created.client_id, created.client_secret);

    const rotated = await api('POST', `/api/admin/oauth-applications/${created.id}/rotate-secret/`);
    expect(rotated.status, rotated.text).toBe(200);
    const fresh = rotated.body as App;
    expect(fresh).toMatchObject({ id: created.id, client_id: created.client_id });
    expect(fresh.client_secret).not.toBe(created.client_secret);
    expect((await token(created.client_id, created.client_secret)).status).toBe(401);
    expect((await token(created.client_id, fresh.client_secret)).status).toBe(200);

    const revoked = await api('POST', `/api/admin/oauth-applications/${created.id}/revoke-tokens/`);
    expect(revoked).toMatchObject({ status: 200, body: { access_tokens: 3, refresh_tokens: 0 } });
    expect(await app.em().count(OAuthAccessToken, { application: created.id })).toBe(0);
    expect(await app.em().count(OAuthAccessToken, { tokenHash: sha256Hex(first.access_token) })).toBe(0);
    const refused = await app.api('/api/check_event/x/', { headers: { authorization: `Bearer ${first.access_token}` } });
    expect(refused.status).toBe(403);

    const log = (await api('GET', `/api/admin/audit-log/?resource=oauth-applications&object_id=${created.id}`)).body as { results: Array<{ action: string }> };
    expect(log.results.map((e) => e.action)).toEqual(['create', 'rotate-secret', 'revoke-tokens']);
    expect(await api('POST', '/api/admin/oauth-applications/999/rotate-secret/')).toMatchObject({ status: 404, body: { detail: 'Not found.' } });
  });

  it('refuses unknown scopes and grant types, and deletes an application with its tokens', async () => {
    const su = await superuser(app);
    const api = caller(app, su.headers);
    expect(await api('POST', '/api/admin/oauth-applications/', { name: 'x', default_scopes: 'read fly' })).toMatchObject({
      status: 400,
      body: { default_scopes: ['Unknown scopes: fly'] },
    });
    expect(await api('POST', '/api/admin/oauth-applications/', { name: 'x', authorization_grant_type: 'magic' })).toMatchObject({
      status: 400,
      body: { authorization_grant_type: ['"magic" is not a valid choice.'] },
    });
    const created = (await api('POST', '/api/admin/oauth-applications/', { name: 'gone', authorization_grant_type: 'password' })).body as App;
    expect(created.default_scopes).toBe('read write');
    await token(created.client_id, created.client_secret);
    expect(await api('DELETE', `/api/admin/oauth-applications/${created.id}/`)).toMatchObject({ status: 204 });
    expect(await app.em().count(OAuthAccessToken, {})).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { OAuthAccessToken, OAuthApplication } from '@klub/db';
import { createOAuthApplication } from '@klub/domain';
import { useKlubApp } from '../helpers/klub-app.js';

describe('POST /api/o/token/ (api.md §3.1)', () => {
  const app = useKlubApp();

  async function application(scopes = 'read write can_view_events', grant: 'client-credentials' | 'password' = 'client-credentials') {
    const { application: a, clientSecret } = await createOAuthApplication(app.em(), { name: 'forms', scopes, grant });
    return { clientId: a.clientId, clientSecret };
  }
  const token = (body: Record<string, string>, headers: Record<string, string> = {}) =>
    app.api('/api/o/token/', { method: 'POST', json: body, headers });

  it('issues a client-credentials token with the application scopes, no-store, and stores only its hash', async () => {
    const { clientId, clientSecret } = await application();
    const res = await token({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret });
    expect(res.status).toBe(200);
    const body = res.body as Record<string, unknown>;
    expect(body).toEqual({
      access_token: expect.stringMatching(/^[A-Za-z0-9]{30,}$/),
      expires_in: 86400,
      token_type: 'Bearer',
      scope: 'read write can_view_events',
    });
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('pragma')).toBe('no-cache');
    const stored = await app.em().find(OAuthAccessToken, {});
    expect(stored).toHaveLength(1);
    expect(stored[0]!.tokenHash).not.toContain(body.access_token as string);
    expect((await app.em().findOneOrFail(OAuthApplication, { clientId })).clientSecretHash).not.toBe(clientSecret);

    const events = await app.api('/api/bronto/event/', { headers: { authorization: `Bearer ${body.access_token as string}` } });
    expect(events.status).toBe(200);
  });

  it('accepts a form body and client credentials sent as HTTP Basic', async () => {
    const { clientId, clientSecret } = await application();
    const form = await app.api('/api/o/token/', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret }).toString(),
    });
    expect(form.status).toBe(200);
    const basic = await token(
      { grant_type: 'client_credentials', scope: 'read' },
      { authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}` },
    );
    expect(basic.status).toBe(200);
    expect((basic.body as { scope: string }).scope).toBe('read');
  });

  it('answers RFC 6749 errors: invalid_client 401, unsupported_grant_type, unauthorized_client, invalid_scope', async () => {
    const { clientId, clientSecret } = await application();
    const pwApp = await application('read write', 'password');
    const cc = { grant_type: 'client_credentials', client_id: clientId };
    expect(await token({ ...cc, client_secret: 'wrong' })).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
    expect(await token({ ...cc, client_id: 'nope', client_secret: clientSecret })).toMatchObject({
      status: 401,
      body: { error: 'invalid_client' },
    });
    expect(await token({ client_id: clientId, client_secret: clientSecret })).toMatchObject({
      status: 400,
      body: { error: 'unsupported_grant_type' },
    });
    expect(await token({ ...cc, grant_type: 'magic', client_secret: clientSecret })).toMatchObject({
      status: 400,
      body: { error: 'unsupported_grant_type' },
    });
    expect(
      await token({ grant_type: 'client_credentials', client_id: pwApp.clientId, client_secret: pwApp.clientSecret }),
    ).toMatchObject({ status: 400, body: { error: 'unauthorized_client' } });
    // A defined scope the application does not hold (D8), and an undefined one.
    expect(await token({ ...cc, client_secret: clientSecret, scope: 'read can_create_profiles' })).toMatchObject({
      status: 400,
      body: { error: 'invalid_scope' },
    });
    expect(await token({ ...cc, client_secret: clientSecret, scope: 'superpowers' })).toMatchObject({
      status: 400,
      body: { error: 'invalid_scope' },
    });
  });

  it('answers invalid_request to any field that is not a string, and issues no token (issue 15 §5)', async () => {
    const { clientId, clientSecret } = await application();
    const cc = { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret };
    const post = (json: Record<string, unknown>) => app.api('/api/o/token/', { method: 'POST', json });
    for (const bad of [{ scope: { a: 1 } }, { scope: ['read'] }, { scope: 7 }, { scope: null }, { client_secret: true }, { grant_type: {} }]) {
      expect(await post({ ...cc, ...bad })).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
    }
    expect(await app.em().count(OAuthAccessToken, {})).toBe(0);
    expect((await post({ ...cc, scope: 'read' })).status).toBe(200);
  });

  it('refuses an expired OAuth token with the JWT-flavoured 403', async () => {
    const { clientId, clientSecret } = await application();
    const res = await token({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret });
    const access = (res.body as { access_token: string }).access_token;
    await app.em().nativeUpdate(OAuthAccessToken, {}, { expires: new Date(Date.now() - 1000) });
    const events = await app.api('/api/event/', { headers: { authorization: `Bearer ${access}`, 'accept-language': 'en' } });
    expect(events.status).toBe(403);
    expect(events.body).toMatchObject({ code: 'token_not_valid', detail: 'Given token not valid for any token type' });
  });

  it('supports the password grant with a refresh token that can be used once', async () => {
    const user = await app.user();
    const { clientId, clientSecret } = await application('read write', 'password');
    const base = { client_id: clientId, client_secret: clientSecret };
    const bad = await token({ ...base, grant_type: 'password', username: user.username, password: 'wrong' });
    expect(bad).toMatchObject({ status: 400, body: { error: 'invalid_grant', error_description: 'Invalid credentials given.' } });
    const ok = await token({ ...base, grant_type: 'password', username: user.username, password: user.password });
    expect(ok.status).toBe(200);
    const { refresh_token } = ok.body as { refresh_token: string };
    expect(refresh_token).toBeTruthy();
    const refreshed = await token({ ...base, grant_type: 'refresh_token', refresh_token });
    expect(refreshed.status).toBe(200);
    expect((refreshed.body as { scope: string }).scope).toBe('read write');
    expect(await token({ ...base, grant_type: 'refresh_token', refresh_token })).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant' },
    });
  });
});

import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { Profile } from '@klub/db';
import { makeDjangoPbkdf2Hash } from '@klub/domain';
import { useKlubApp } from '../helpers/klub-app.js';

const en = { 'accept-language': 'en' };
const TOKEN_NOT_VALID = (message: string) => ({
  detail: 'Given token not valid for any token type',
  code: 'token_not_valid',
  messages: [{ token_class: 'AccessToken', token_type: 'access', message }],
});

describe('POST /api/token/ and /api/token/refresh/ (api.md §3.2, §3.3)', () => {
  const app = useKlubApp();

  it('issues an access (5 min) and refresh (1 day) pair with simplejwt claims', async () => {
    const user = await app.user();
    const res = await app.api('/api/token/', { method: 'POST', json: { username: user.username, password: user.password } });
    expect(res.status).toBe(200);
    const { access, refresh } = res.body as { access: string; refresh: string };
    const a = decodeJwt(access);
    const r = decodeJwt(refresh);
    expect(a).toMatchObject({ token_type: 'access', user_id: user.id });
    expect(r).toMatchObject({ token_type: 'refresh', user_id: user.id });
    expect(a.exp! - a.iat!).toBe(300);
    expect(r.exp! - r.iat!).toBe(86400);
    expect(typeof a.jti).toBe('string');
  });

  it('answers 401 with WWW-Authenticate for wrong credentials, unknown users and inactive users', async () => {
    const user = await app.user();
    const inactive = await app.user();
    await app.em().nativeUpdate(Profile, { id: inactive.id }, { isActive: false });
    for (const body of [
      { username: user.username, password: 'wrong password' },
      { username: 'nobody', password: 'whatever' },
      { username: inactive.username, password: inactive.password },
    ]) {
      const res = await app.api('/api/token/', { method: 'POST', json: body, headers: en });
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ detail: 'No active account found with the given credentials' });
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="api"');
    }
  });

  it('answers 400 field errors for missing fields, in Czech by default', async () => {
    const res = await app.api('/api/token/', { method: 'POST', json: {} });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ username: ['Toto pole je vyžadováno.'], password: ['Toto pole je vyžadováno.'] });
  });

  it('ignores a broken Authorization header', async () => {
    const user = await app.user();
    const res = await app.api('/api/token/', {
      method: 'POST',
      json: { username: user.username, password: user.password },
      headers: { authorization: 'Bearer garbage' },
    });
    expect(res.status).toBe(200);
  });

  it('logs in a user migrated with a Django pbkdf2 hash and upgrades it to Argon2id', async () => {
    const user = await app.user();
    const legacy = await makeDjangoPbkdf2Hash('old django password', 'somesalt', 1000);
    await app.em().nativeUpdate(Profile, { id: user.id }, { password: legacy });
    const login = () =>
      app.api('/api/token/', { method: 'POST', json: { username: user.username, password: 'old django password' } });
    expect((await login()).status).toBe(200);
    const stored = (await app.em().findOneOrFail(Profile, user.id)).password!;
    expect(stored.startsWith('$argon2id$')).toBe(true);
    expect((await login()).status).toBe(200);
  });

  it('refreshes the access token without rotating the refresh token', async () => {
    const user = await app.user();
    const { refresh, access } = (await app.api('/api/token/', { method: 'POST', json: { username: user.username, password: user.password } }))
      .body as { refresh: string; access: string };
    for (let i = 0; i < 2; i++) {
      const res = await app.api('/api/token/refresh/', { method: 'POST', json: { refresh } });
      expect(res.status).toBe(200);
      expect(Object.keys(res.body as object)).toEqual(['access']);
      expect(decodeJwt((res.body as { access: string }).access)).toMatchObject({ token_type: 'access', user_id: user.id });
    }
    const wrongType = await app.api('/api/token/refresh/', { method: 'POST', json: { refresh: access }, headers: en });
    expect(wrongType.status).toBe(401);
    expect(wrongType.body).toEqual({ detail: 'Token has wrong type', code: 'token_not_valid' });
    const garbage = await app.api('/api/token/refresh/', { method: 'POST', json: { refresh: 'x.y.z' }, headers: en });
    expect(garbage.status).toBe(401);
    expect(garbage.body).toEqual({ detail: 'Token is invalid or expired', code: 'token_not_valid' });
    const missing = await app.api('/api/token/refresh/', { method: 'POST', json: {}, headers: en });
    expect(missing.body).toEqual({ refresh: ['This field is required.'] });
  });
});

describe('Bearer and Basic credentials on resource endpoints (api.md §2.1)', () => {
  const app = useKlubApp();
  const get = (authorization: string, lang = en) => app.api('/api/event/', { headers: { authorization, ...lang } });

  it('accepts a valid access JWT and treats unknown schemes as anonymous', async () => {
    const user = await app.user();
    expect((await get(`Bearer ${user.access}`)).status).toBe(200);
    expect((await get('Token abcdef')).status).toBe(200);
  });

  it('refuses invalid, expired and refresh-typed JWTs with 403 even on a public endpoint', async () => {
    const user = await app.user();
    const expired = await app.jwt.sign(user.id, 'access', Date.now() - 10 * 60_000);
    const refresh = await app.jwt.sign(user.id, 'refresh');
    expect(await get('Bearer not-a-token')).toMatchObject({ status: 403, body: TOKEN_NOT_VALID('Token is invalid or expired') });
    expect(await get(`Bearer ${expired}`)).toMatchObject({ status: 403, body: TOKEN_NOT_VALID('Token is invalid or expired') });
    expect(await get(`Bearer ${refresh}`)).toMatchObject({ status: 403, body: TOKEN_NOT_VALID('Token has wrong type') });
    const cs = await get('Bearer not-a-token', { 'accept-language': 'cs' });
    expect(cs.body).toMatchObject({ detail: 'Daný token není validní pro žádný typ tokenu' });
  });

  it('refuses a malformed Bearer header, a deleted user and an inactive user', async () => {
    const gone = await app.user();
    const inactive = await app.user();
    await app.em().nativeDelete(Profile, { id: gone.id });
    await app.em().nativeUpdate(Profile, { id: inactive.id }, { isActive: false });
    const malformed = { detail: 'Authorization header must contain two space-delimited values', code: 'bad_authorization_header' };
    expect(await get('Bearer')).toMatchObject({ status: 403, body: malformed });
    expect(await get('Bearer a b')).toMatchObject({ status: 403, body: malformed });
    expect(await get(`Bearer ${gone.access}`)).toMatchObject({ status: 403, body: { detail: 'User not found', code: 'user_not_found' } });
    expect(await get(`Bearer ${inactive.access}`)).toMatchObject({
      status: 403,
      body: { detail: 'User is inactive', code: 'user_inactive' },
    });
  });

  it('accepts HTTP Basic and refuses wrong or inactive credentials with 403', async () => {
    const user = await app.user();
    const basic = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;
    expect((await get(basic(user.username, user.password))).status).toBe(200);
    expect(await get(basic(user.username, 'nope'))).toMatchObject({ status: 403, body: { detail: 'Invalid username/password.' } });
    // A NUL cannot be stored, so no such user exists: 403, not a database error (issue 15 §3).
    expect(await get(basic(`${user.username}\u0000`, user.password))).toMatchObject({ status: 403, body: { detail: 'Invalid username/password.' } });
    await app.em().nativeUpdate(Profile, { id: user.id }, { isActive: false });
    expect(await get(basic(user.username, user.password))).toMatchObject({ status: 403, body: { detail: 'User inactive or deleted.' } });
  });

  it("refuses a malformed Basic header with DRF's messages, and takes non-UTF-8 credentials as Latin-1", async () => {
    expect(await get('Basic')).toMatchObject({ status: 403, body: { detail: 'Invalid basic header. No credentials provided.' } });
    expect(await get('Basic a b')).toMatchObject({ status: 403, body: { detail: 'Invalid basic header. Credentials string should not contain spaces.' } });
    const noColon = Buffer.from('no-colon').toString('base64');
    expect(await get(`Basic ${noColon}`)).toMatchObject({ status: 403, body: { detail: 'Invalid basic header. Credentials not correctly base64 encoded.' } });
    const user = await app.user({ password: 'mot-de-passe-été' });
    expect((await get(`Basic ${Buffer.from(`${user.username}:${user.password}`, 'latin1').toString('base64')}`)).status).toBe(200);
  });
});

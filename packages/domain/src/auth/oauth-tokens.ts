import type { EntityManager } from '@mikro-orm/postgresql';
import { isScope, parseScopes } from '@klub/contracts';
import { OAuthAccessToken, OAuthApplication, OAuthRefreshToken } from '@klub/db';
import { CustomError } from '../errors.js';
import { constantTimeEqual, randomToken, sha256Hex } from './secrets.js';

/** api.md §3.1 / §13: OAuth2 access tokens live 24 hours. */
export const OAUTH_ACCESS_TOKEN_LIFETIME_S = 86400;

export interface TokenRequest {
  grant_type?: string | undefined;
  client_id?: string | undefined;
  client_secret?: string | undefined;
  scope?: string | undefined;
  username?: string | undefined;
  password?: string | undefined;
  refresh_token?: string | undefined;
}

export interface TokenResponse {
  access_token: string;
  expires_in: number;
  token_type: 'Bearer';
  scope: string;
  refresh_token?: string;
}

/** RFC 6749 error bodies; 401 only for client authentication (api.md §3.1). */
const oauthError = (status: 400 | 401, error: string, description?: string) =>
  new CustomError(status, description ? { error, error_description: description } : { error });

/**
 * The token request as sent (body fields, then HTTP Basic client credentials), checked to be
 * text: RFC 6749 parameters are strings, so a field sent as a number, object, array, boolean or
 * null is `400 invalid_request` rather than silently dropped (a dropped `scope` would grant the
 * application's default scopes).
 */
export function tokenRequestOf(fields: Record<string, unknown>): TokenRequest {
  const request: Record<string, string> = {};
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    // A NUL would reach PostgreSQL, which refuses it (issue 15 §3): bad input, not an outage.
    if (typeof value !== 'string' || value.includes('\u0000')) throw oauthError(400, 'invalid_request');
    request[name] = value;
  }
  return request;
}

const GRANTS: Record<string, string> = {
  client_credentials: 'client-credentials',
  password: 'password',
  refresh_token: 'password',
};

/**
 * The password grant's user check: the caller's rate-limited password check (the API's
 * auth/password-logins.ts), which verifies with `verifyLogin` and records the login. Returns
 * the user's id, or null for wrong credentials or an inactive user.
 */
export type PasswordGrantCheck = (username: string, password: string) => Promise<number | null>;

/**
 * Issue an OAuth2 access token (api.md §3.1): client credentials, password and refresh grants.
 * Only hashes are stored: the clear token exists in this response and nowhere else. The client
 * is authenticated first, so a wrong client costs no password hashing.
 */
export async function issueOAuthToken(em: EntityManager, req: TokenRequest, checkPassword: PasswordGrantCheck): Promise<TokenResponse> {
  const grant = req.grant_type ? GRANTS[req.grant_type] : undefined;
  if (!grant) throw oauthError(400, 'unsupported_grant_type');

  const app = req.client_id ? await em.findOne(OAuthApplication, { clientId: req.client_id }) : null;
  const secretOk = !!app && !!req.client_secret && constantTimeEqual(sha256Hex(req.client_secret), app.clientSecretHash);
  if (!app || !secretOk) throw oauthError(401, 'invalid_client');
  if (app.authorizationGrantType !== grant) throw oauthError(400, 'unauthorized_client');

  const allowed = parseScopes(app.defaultScopes);
  let scopes = allowed;
  if (req.scope !== undefined && req.grant_type !== 'refresh_token') {
    const requested = parseScopes(req.scope);
    // Every requested scope must exist (api.md §3.1) and belong to the application (D8).
    if (requested.length === 0 || requested.some((s) => !isScope(s) || !allowed.includes(s))) {
      throw oauthError(400, 'invalid_scope');
    }
    scopes = requested;
  }

  let userId: number | null = null;
  if (req.grant_type === 'password') {
    if (!req.username || req.password === undefined) throw oauthError(400, 'invalid_request');
    userId = await checkPassword(req.username, req.password);
    if (userId === null) throw oauthError(400, 'invalid_grant', 'Invalid credentials given.');
  } else if (req.grant_type === 'refresh_token') {
    if (!req.refresh_token) throw oauthError(400, 'invalid_request');
    const refresh = await em.findOne(
      OAuthRefreshToken,
      { tokenHash: sha256Hex(req.refresh_token), application: app.id, revoked: null },
      { populate: ['accessToken'] },
    );
    if (!refresh) throw oauthError(400, 'invalid_grant');
    const previous = refresh.accessToken?.getEntity();
    scopes = parseScopes(previous?.scope ?? app.defaultScopes);
    userId = refresh.user.id;
    // Refresh tokens rotate: the used one is revoked and its access token ends now.
    refresh.revoked = new Date();
    if (previous) previous.expires = new Date();
  }

  const accessToken = randomToken(40);
  const access = em.create(OAuthAccessToken, {
    tokenHash: sha256Hex(accessToken),
    application: app,
    user: userId,
    expires: new Date(Date.now() + OAUTH_ACCESS_TOKEN_LIFETIME_S * 1000),
    scope: scopes.join(' '),
  });
  const response: TokenResponse = {
    access_token: accessToken,
    expires_in: OAUTH_ACCESS_TOKEN_LIFETIME_S,
    token_type: 'Bearer',
    scope: scopes.join(' '),
  };
  if (grant === 'password') {
    const refreshToken = randomToken(40);
    em.create(OAuthRefreshToken, {
      tokenHash: sha256Hex(refreshToken),
      application: app,
      user: userId!,
      accessToken: access,
    });
    response.refresh_token = refreshToken;
  }
  await em.flush();
  return response;
}

/** A new OAuth application's credentials: the clear secret is returned once, only its hash is kept. */
export function newClientCredentials(): { clientId: string; clientSecret: string; clientSecretHash: string } {
  const clientSecret = randomToken(64);
  return { clientId: randomToken(40), clientSecret, clientSecretHash: sha256Hex(clientSecret) };
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EntityManager } from '@mikro-orm/postgresql';
import { MSG } from '@klub/contracts';
import { CustomError, isAppError, PermissionDenied, sha256Hex } from '@klub/domain';
import type { Actor, ActorUser } from './actor.js';
import { ActorUserLoader, type UserRow } from './actor-users.js';
import { parseAuthorization } from './authorization-header.js';
import type { JwtService } from './jwt.js';
import type { PasswordLogins } from './password-logins.js';
import type { SessionService } from './sessions.js';
import type { ActorResolver } from '../trpc/context.js';

function toActorUser(row: UserRow): ActorUser {
  return {
    id: row.id,
    username: row.username,
    isStaff: row.is_staff,
    isSuperuser: row.is_superuser,
    isActive: row.is_active,
    roles: row.roles,
  };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const reject = (status: number, body: Record<string, unknown>): Actor => ({
  kind: 'rejected',
  error: new CustomError(status, body),
});

function tokenNotValid(message: string): Actor {
  return reject(403, {
    detail: MSG.tokenNotValidForAnyType,
    code: 'token_not_valid',
    messages: [{ token_class: 'AccessToken', token_type: 'access', message }],
  });
}

export interface ActorResolverDeps {
  jwt: JwtService;
  sessions: SessionService;
}

/**
 * Resolve the one actor of a request (api.md §2.1), in the reference's authenticator order:
 * session cookie (with Django's CSRF rule for unsafe methods), then the Authorization header:
 * Bearer → OAuth2 access token, else JWT access token, else a 403 even on public endpoints;
 * Basic → username/password. Any other scheme is anonymous.
 */
export function createActorResolver({ jwt, sessions }: ActorResolverDeps): ActorResolver {
  const users = new ActorUserLoader();
  return async (req, em, res, passwords) => {
    const sessionId = sessions.sessionIdFromCookieHeader(req.headers.cookie);
    if (sessionId) {
      const session = await sessions.validate(sessionId);
      if (session) {
        for (const c of session.setCookies) res?.appendHeader('Set-Cookie', c);
        const row = await users.byId(em, session.userId);
        if (row?.is_active) {
          if (!SAFE_METHODS.has(req.method ?? 'GET') && req.headers['x-csrftoken'] !== session.csrfToken) {
            return { kind: 'rejected', error: new PermissionDenied(MSG.csrfFailed) };
          }
          return { kind: 'user', user: toActorUser(row), via: 'session', scopes: null };
        }
      }
    }

    const auth = parseAuthorization(req.headers.authorization);
    switch (auth.scheme) {
      case 'bearer':
        return resolveBearer(em, jwt, users, auth.token);
      case 'basic':
        return resolveBasic(req, res, em, users, passwords, auth.user, auth.password);
      case 'malformed':
        return reject(403, auth.body);
      default:
        return { kind: 'anonymous' };
    }
  };
}

async function resolveBearer(em: EntityManager, jwt: JwtService, users: ActorUserLoader, token: string): Promise<Actor> {
  // OAuth tokens are alphanumeric (randomToken); a token with dots can only be a JWT, so the
  // OAuth lookup, which comes first in the reference's order, is skipped for it.
  const [oauth] = token.includes('.')
    ? []
    : await em
        .getConnection()
        .execute<Array<{ id: number; application_id: number; user_id: number | null; scope: string; expires: Date }>>(
          'select id, application_id, user_id, scope, expires from oauth_access_token where token_hash = ? and expires > now()',
          [sha256Hex(token)],
        );
  if (oauth) {
    const scopes = oauth.scope.split(/\s+/).filter(Boolean);
    const expiresAt = new Date(oauth.expires).getTime();
    const token = { tokenId: oauth.id, applicationId: oauth.application_id, expiresAt };
    if (oauth.user_id === null) return { kind: 'client', scopes, ...token };
    const row = await users.byId(em, oauth.user_id);
    if (row?.is_active) return { kind: 'user', user: toActorUser(row), via: 'oauth', scopes, ...token };
  }

  const check = await jwt.verify(token, 'access');
  if (!check.ok) return tokenNotValid(check.reason === 'wrong_type' ? MSG.tokenWrongType : MSG.tokenInvalidOrExpired);
  const row = await users.byId(em, check.userId);
  if (!row) return reject(403, { detail: MSG.userNotFound, code: 'user_not_found' });
  if (!row.is_active) return reject(403, { detail: MSG.userInactive, code: 'user_inactive' });
  return { kind: 'user', user: toActorUser(row), via: 'jwt', scopes: null, expiresAt: check.expiresAt };
}

/**
 * HTTP Basic, on any path (the 405 fallback included; Basic answers are never cached): through
 * the password check, so it meets the login rate limits before any hashing (a refused attempt
 * is the actor's error: 429 or 503) and a success counts as a login.
 */
async function resolveBasic(
  req: IncomingMessage,
  res: ServerResponse | undefined,
  em: EntityManager,
  users: ActorUserLoader,
  passwords: PasswordLogins,
  username: string,
  password: string,
): Promise<Actor> {
  let verdict;
  try {
    verdict = await passwords.login('basic', { req, res }, em, username, password);
  } catch (e) {
    if (isAppError(e)) return { kind: 'rejected', error: e };
    throw e;
  }
  if (!verdict.ok) return reject(403, { detail: verdict.reason === 'inactive' ? MSG.userInactiveBasic : MSG.invalidCredentialsBasic });
  const row = await users.byId(em, verdict.userId);
  if (!row?.is_active) return reject(403, { detail: MSG.userInactiveBasic });
  return { kind: 'user', user: toActorUser(row), via: 'basic', scopes: null };
}

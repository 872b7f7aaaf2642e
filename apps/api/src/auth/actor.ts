import type { AppError } from '@klub/domain';

/** The roles of domain.md §2.7 that a profile can hold besides its flags. */
export type Role = 'event_organizer' | 'edit_all_units';

/** An authenticated user profile, as far as permission checks need it. */
export interface ActorUser {
  id: number;
  username: string | null;
  isStaff: boolean;
  isSuperuser: boolean;
  isActive: boolean;
  roles: Role[];
}

/**
 * Exactly one actor per request (ARCHITECTURE.md "Auth"). `rejected` carries the error a bad
 * credential produces; every procedure throws it first, so even public endpoints answer the
 * spec's 403 for an invalid bearer token (api.md §2.1).
 *
 * `via` says how a user authenticated: a user from an OAuth password-grant token also has
 * `scopes`; JWT/Basic/session users have none and are judged only by the non-scope
 * alternative of a policy (api.md §2.3, D6).
 */
export type Actor =
  | { kind: 'anonymous' }
  | {
      kind: 'user';
      user: ActorUser;
      via: 'jwt' | 'basic' | 'session' | 'oauth';
      scopes: string[] | null;
      /** When the bearer token authenticating it expires (epoch ms); cached answers end then. */
      expiresAt?: number;
      /** The OAuth access token's row and application (`via: 'oauth'`): cached answers depend on them. */
      tokenId?: number;
      applicationId?: number;
    }
  | { kind: 'client'; applicationId: number; scopes: string[]; expiresAt?: number; tokenId?: number }
  | { kind: 'rejected'; error: AppError };

/** The organizer rule lives in the domain, beside the other event permissions. */
export { isEventOrganizer } from '@klub/domain';

import { NotAuthenticated, PermissionDenied } from '@klub/domain';
import { isEventOrganizer, type Actor, type ActorUser } from '../auth/actor.js';

/**
 * A permission policy in api.md's words (§2.3, §16). The word is the single source: the
 * builders enforce it, the 405 fallback re-checks it, and the OpenAPI document derives
 * `security` from it.
 *
 * - `PUBLIC`: anyone.
 * - `USER`: a user (not an OAuth client). `TEAM` is USER plus an object-level rule that
 *   the domain checks.
 * - `ORG`: staff or event organizer (D5: an OAuth client is refused).
 * - `SU/ORG-PERM`: superuser or holder of the event_organizer role (plain staff refused, D35).
 * - `STAFF`: an active staff user or superuser (the admin's data, issue 17 §1); which rows
 *   they reach is the domain's unit rule (admin/unit-scope.ts).
 * - `SU`: superuser (admin configuration: OAuth applications, staff accounts, operator jobs).
 * - `SCOPE(x)+STAFF` / `SCOPE(x)+USER`: an OAuth token with scope x plus `read` (queries) or
 *   `write` (mutations), or else a staff user / any user (D6).
 */
export type Policy =
  | 'PUBLIC'
  | 'USER'
  | 'TEAM'
  | 'ORG'
  | 'SU/ORG-PERM'
  | 'STAFF'
  | 'SU'
  | `SCOPE(${string})+STAFF`
  | `SCOPE(${string})+USER`;

export type ProcedureKind = 'query' | 'mutation' | 'subscription';

const SCOPE_POLICY = /^SCOPE\(([a-z_]+)\)\+(STAFF|USER)$/;

type PlainPolicy = 'PUBLIC' | 'USER' | 'TEAM' | 'ORG' | 'SU/ORG-PERM' | 'STAFF' | 'SU';
const PLAIN: readonly string[] = ['PUBLIC', 'USER', 'TEAM', 'ORG', 'SU/ORG-PERM', 'STAFF', 'SU'] satisfies PlainPolicy[];

/** Parse a policy word; `undefined` for anything that is not one (checked at boot). */
export function parsePolicy(word: string): { kind: PlainPolicy } | { kind: 'SCOPE'; scope: string; or: 'STAFF' | 'USER' } | undefined {
  if (PLAIN.includes(word)) return { kind: word as PlainPolicy };
  const m = SCOPE_POLICY.exec(word);
  return m ? { kind: 'SCOPE', scope: m[1]!, or: m[2] as 'STAFF' | 'USER' } : undefined;
}

/** The scopes of an OAuth-token actor (client, or user from a password grant); null otherwise. */
export function tokenScopes(actor: Actor): string[] | null {
  if (actor.kind === 'client') return actor.scopes;
  if (actor.kind === 'user' && actor.via === 'oauth') return actor.scopes ?? [];
  return null;
}

/**
 * Enforce `policy` for `actor`; throws the exact 403 of api.md §2.3 (NOT-AUTH for anonymous,
 * FORBIDDEN otherwise) and returns the user when the policy admits only users.
 */
export function checkPolicy(policy: string, actor: Actor, kind: ProcedureKind): ActorUser | null {
  if (actor.kind === 'rejected') throw actor.error;
  const p = parsePolicy(policy);
  if (!p) throw new Error(`Unknown policy "${policy}"`);
  if (p.kind === 'PUBLIC') return actor.kind === 'user' ? actor.user : null;
  if (actor.kind === 'anonymous') throw new NotAuthenticated();

  if (p.kind === 'SCOPE') {
    const scopes = tokenScopes(actor);
    const access = kind === 'query' ? 'read' : 'write';
    if (scopes?.includes(p.scope) && scopes.includes(access)) return actor.kind === 'user' ? actor.user : null;
    if (actor.kind === 'user' && (p.or === 'USER' || actor.user.isStaff)) return actor.user;
    throw new PermissionDenied();
  }

  if (actor.kind !== 'user') throw new PermissionDenied();
  const user = actor.user;
  switch (p.kind) {
    case 'USER':
    case 'TEAM':
      return user;
    case 'ORG':
      if (user.isStaff || isEventOrganizer(user)) return user;
      break;
    case 'SU/ORG-PERM':
      if (isEventOrganizer(user)) return user;
      break;
    case 'STAFF':
      if (user.isActive && (user.isStaff || user.isSuperuser)) return user;
      break;
    case 'SU':
      if (user.isActive && user.isSuperuser) return user;
      break;
  }
  throw new PermissionDenied();
}

import type { EntityManager } from '@mikro-orm/postgresql';
import { GRANT_TYPES, MSG, type GrantType, isScope, parseScopes } from '@klub/contracts';
import { OAuthApplication } from '@klub/db';
import { ValidationError } from '../errors.js';
import { newClientCredentials } from './oauth-tokens.js';

export interface NewOAuthApplication {
  name: string;
  scopes: string;
  grant: GrantType;
}

/** Register an integration; the clear secret is in the return value and never stored. */
export async function createOAuthApplication(
  em: EntityManager,
  input: NewOAuthApplication,
): Promise<{ application: OAuthApplication; clientSecret: string }> {
  const scopes = parseScopes(input.scopes);
  const unknown = scopes.filter((s) => !isScope(s));
  if (scopes.length === 0 || unknown.length) {
    throw ValidationError.field('scopes', unknown.length ? `Unknown scopes: ${unknown.join(' ')}` : MSG.emptyList);
  }
  if (!GRANT_TYPES.includes(input.grant)) throw ValidationError.field('grant', MSG.invalidChoice(input.grant));
  const { clientId, clientSecret, clientSecretHash } = newClientCredentials();
  const application = em.create(OAuthApplication, {
    name: input.name,
    clientId,
    clientSecretHash,
    clientType: 'confidential',
    authorizationGrantType: input.grant,
    defaultScopes: scopes.join(' '),
  });
  await em.flush();
  return { application, clientSecret };
}

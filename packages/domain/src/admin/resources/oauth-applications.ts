import { MSG, adminOAuthApplications, isScope, parseScopes } from '@klub/contracts';
import { OAuthApplication } from '@klub/db';
import { ValidationError } from '../../errors.js';
import { defineAdminEntity } from '../resource.js';
import { reach } from '../unit-scope.js';

/** A scope string of known scopes, normalised to single spaces; 400 on `field` otherwise. */
export function normaliseScopes(text: string, field = 'default_scopes'): string {
  const scopes = parseScopes(text);
  const unknown = scopes.filter((s) => !isScope(s));
  if (unknown.length) throw ValidationError.field(field, `Unknown scopes: ${unknown.join(' ')}`);
  if (scopes.length === 0) throw ValidationError.field(field, MSG.blank);
  return scopes.join(' ');
}

/**
 * OAuth applications: creation goes through createOAuthApplication (admin/oauth-applications.ts),
 * which stores only the secret's hash; tokens are owned by their application.
 */
export const oauthApplicationsAdmin = defineAdminEntity({
  schemas: adminOAuthApplications,
  entity: OAuthApplication,
  label: 'OAuth application',
  units: reach.configuration,
  search: ['name', 'clientId'],
  owns: ['oauth_access_token', 'oauth_refresh_token'],
  auditIgnore: ['updated'],
  custom: {
    default_scopes: {
      write: (value, { entity }) => {
        entity.defaultScopes = normaliseScopes(value as string);
      },
    },
  },
});

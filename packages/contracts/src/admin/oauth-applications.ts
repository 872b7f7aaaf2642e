import { z } from 'zod';
import { a, defineAdminResource } from './define.js';
import { GRANT_TYPES, OAUTH_CLIENT_TYPE } from '../choices.js';

/**
 * `/api/admin/oauth-applications/` (domain.md §6.2). Only a hash of the client secret is
 * stored: `POST` and `rotate-secret` answer the clear secret once, nothing else ever does.
 */
export const adminOAuthApplications = defineAdminResource(
  'oauth-applications',
  'OAuthApplication',
  {
    id: a.id(),
    client_id: a.readOnly(z.string().describe('Client id (generated, read-only)')),
    name: a.text('Name', { max: 255 }),
    default_scopes: a.text('Space-separated scopes every token of the application gets (default "read write")', {
      max: 1000,
      optional: true,
    }),
    authorization_grant_type: a.choice(GRANT_TYPES, 'Grant type (default client-credentials)', { optional: true }),
    client_type: a.choice(OAUTH_CLIENT_TYPE, 'Client type (default confidential)', { optional: true }),
    redirect_uris: a.text('Redirect URIs, space-separated', { blank: true }),
    skip_authorization: a.boolean('Skip the authorization screen'),
    user: a.fk('Owning profile id', { nullable: true }),
    created: a.readOnly(z.string().describe('Created (read-only)'), 'datetime'),
    updated: a.readOnly(z.string().describe('Last change (read-only)'), 'datetime'),
  },
  { filters: { user: 'pk', authorization_grant_type: 'text' }, ordering: ['id', 'name', 'created'], search: 'name, client id' },
);

export const ZAdminOAuthApplicationWithSecret = adminOAuthApplications.ZOutput.extend({
  client_secret: z.string().describe('The clear client secret: shown this once, only its hash is stored'),
}).meta({ id: 'AdminOAuthApplicationWithSecret', description: 'An OAuth application with its new client secret' });
export type TAdminOAuthApplicationWithSecret = z.infer<typeof ZAdminOAuthApplicationWithSecret>;

export const ZAdminRevokedTokens = z
  .object({
    access_tokens: z.number().int().describe('Access tokens revoked'),
    refresh_tokens: z.number().int().describe('Refresh tokens revoked'),
  })
  .meta({ id: 'AdminRevokedTokens' });
export type TAdminRevokedTokens = z.infer<typeof ZAdminRevokedTokens>;

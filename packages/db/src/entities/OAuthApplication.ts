import { defineEntity, p, type EntitySchema, type InferEntity } from '@mikro-orm/core';
import { OAUTH_CLIENT_TYPE, GRANT_TYPES } from '@klub/contracts';
import { Profile } from './Profile.js';

const OAuthApplicationSchema = defineEntity({
  name: 'OAuthApplication',
  tableName: 'oauth_application',
  properties: {
    id: p.integer().primary(),
    clientId: p.string().length(100).unique(),
    /** Only a hash is stored; the clear secret is shown once, when the application is created. */
    clientSecretHash: p.string().length(255).hidden(),
    name: p.string().length(255).default(''),
    clientType: p.enum([...OAUTH_CLIENT_TYPE]).default('confidential'),
    authorizationGrantType: p.enum([...GRANT_TYPES]).default('client-credentials'),
    redirectUris: p.text().default(''),
    skipAuthorization: p.boolean().default(false),
    user: () => p.manyToOne(Profile).ref().nullable().deleteRule('cascade'),
    /** Space-separated, order kept: tokens issued to the application get exactly these scopes. */
    defaultScopes: p.text().default('read write'),
    created: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
    updated: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});

export interface OAuthApplication extends InferEntity<typeof OAuthApplicationSchema> {}
export const OAuthApplication: EntitySchema<OAuthApplication, never> = OAuthApplicationSchema;

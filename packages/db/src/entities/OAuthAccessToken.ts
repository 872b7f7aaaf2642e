import { defineEntity, p, type EntitySchema, type InferEntity } from '@mikro-orm/core';
import { OAuthApplication } from './OAuthApplication.js';
import { Profile } from './Profile.js';

const OAuthAccessTokenSchema = defineEntity({
  name: 'OAuthAccessToken',
  tableName: 'oauth_access_token',
  properties: {
    id: p.integer().primary(),
    /** Hash of the bearer token; the token itself is never stored. */
    tokenHash: p.string().length(255).unique(),
    application: () => p.manyToOne(OAuthApplication).ref().deleteRule('cascade'),
    /** Set for the password grant. */
    user: () => p.manyToOne(Profile).ref().nullable().deleteRule('cascade'),
    expires: p.datetime(),
    /** Space-separated. */
    scope: p.text(),
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

export interface OAuthAccessToken extends InferEntity<typeof OAuthAccessTokenSchema> {}
export const OAuthAccessToken: EntitySchema<OAuthAccessToken, never> = OAuthAccessTokenSchema;

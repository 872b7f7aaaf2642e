import { defineEntity, p, type EntitySchema, type InferEntity } from '@mikro-orm/core';
import { OAuthAccessToken } from './OAuthAccessToken.js';
import { OAuthApplication } from './OAuthApplication.js';
import { Profile } from './Profile.js';

const OAuthRefreshTokenSchema = defineEntity({
  name: 'OAuthRefreshToken',
  tableName: 'oauth_refresh_token',
  properties: {
    id: p.integer().primary(),
    /** Hash of the refresh token; the token itself is never stored. */
    tokenHash: p.string().length(255).unique(),
    application: () => p.manyToOne(OAuthApplication).ref().deleteRule('cascade'),
    user: () => p.manyToOne(Profile).ref().deleteRule('cascade'),
    accessToken: () => p.oneToOne(OAuthAccessToken).ref().owner().nullable().deleteRule('set null'),
    revoked: p.datetime().nullable(),
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

export interface OAuthRefreshToken extends InferEntity<typeof OAuthRefreshTokenSchema> {}
export const OAuthRefreshToken: EntitySchema<OAuthRefreshToken, never> = OAuthRefreshTokenSchema;

import { defineEntity, p, type EntitySchema, type InferEntity } from '@mikro-orm/core';
import { Profile } from './Profile.js';

/** Browser sessions (lucia, operations.md §3). */
const SessionSchema = defineEntity({
  name: 'Session',
  tableName: 'session',
  properties: {
    id: p.string().length(255).primary(),
    user: () => p.manyToOne(Profile).ref().deleteRule('cascade').index(),
    expiresAt: p.datetime(),
    /** Double-submit token the client echoes in `X-CSRFToken`. */
    csrfToken: p.string().length(255),
  },
});

export interface Session extends InferEntity<typeof SessionSchema> {}
export const Session: EntitySchema<Session, never> = SessionSchema;

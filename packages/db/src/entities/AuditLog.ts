import { defineEntity, p, type EntitySchema, type InferEntity } from '@mikro-orm/core';
import { Profile } from './Profile.js';

/** Every admin-API write: who, when, which resource and id, and the changed fields (never secrets). */
const AuditLogSchema = defineEntity({
  name: 'AuditLog',
  tableName: 'audit_log',
  indexes: [
    { name: 'audit_log_resource_object_index', properties: ['resource', 'objectId'] },
    { name: 'audit_log_created_at_index', properties: ['createdAt'] },
  ],
  properties: {
    id: p.bigint('number').primary(),
    actor: () => p.manyToOne(Profile).ref().nullable().deleteRule('set null'),
    /** How the actor authenticated (jwt, session, basic, oauth, cli), kept after the actor is deleted. */
    actorKind: p.string().length(30),
    action: p.string().length(30),
    resource: p.string().length(100),
    objectId: p.string().length(100).nullable(),
    changes: p.json<Record<string, unknown>>().default('{}'),
    createdAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
  },
});

export interface AuditLog extends InferEntity<typeof AuditLogSchema> {}
export const AuditLog: EntitySchema<AuditLog, never> = AuditLogSchema;

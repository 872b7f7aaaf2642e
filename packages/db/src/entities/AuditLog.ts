import { defineEntity, p, type EntitySchema, type InferEntity } from '@mikro-orm/core';
import { Profile } from './Profile.js';

/** Every admin-API write: who, when, which resource and id, and the changed fields (never secrets). */
const AuditLogSchema = defineEntity({
  name: 'AuditLog',
  tableName: 'audit_log',
  indexes: [
    { name: 'audit_log_resource_object_index', properties: ['resource', 'objectId'] },
    { name: 'audit_log_created_at_index', properties: ['createdAt'] },
    { name: 'audit_log_unit_ids_index', expression: 'create index "audit_log_unit_ids_index" on "audit_log" using gin ("unit_ids")' },
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
    /**
     * The units the object reached when it was written (before and after), so unit staff keep
     * seeing the entries of their units' objects, deleted ones included; null for objects that
     * belong to no unit (catalogues, configuration): those entries are for organisation staff.
     */
    unitIds: p
      .array<number>((i) => Number(i))
      .columnType('int[]')
      .nullable(),
    createdAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
  },
});

export interface AuditLog extends InferEntity<typeof AuditLogSchema> {}
export const AuditLog: EntitySchema<AuditLog, never> = AuditLogSchema;

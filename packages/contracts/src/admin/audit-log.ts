import { z } from 'zod';
import { a, defineAdminResource } from './define.js';

/**
 * `/api/admin/audit-log/`: one entry per admin write, in the same transaction as the write.
 * `changes` maps each changed field to `{old, new}` (`old` absent on create, `new` absent on
 * delete); secrets never appear in it.
 */
export const adminAuditLog = defineAdminResource(
  'audit-log',
  'AuditLogEntry',
  {
    id: a.id(),
    actor: a.readOnly(z.number().int().nullable().describe('Profile id of who made the change (null: deleted since, or the CLI)'), 'fk'),
    actor_kind: a.readOnly(z.string().describe('How the actor authenticated: jwt, session, basic, oauth or cli')),
    action: a.readOnly(z.string().describe('create, update, delete, or an action such as rotate-secret')),
    resource: a.readOnly(z.string().describe('Admin resource name, e.g. administrative-units')),
    object_id: a.readOnly(z.string().nullable().describe('Id of the changed object')),
    changes: a.readOnly(z.record(z.string(), z.unknown()).describe('Changed fields: `{"field": {"old": …, "new": …}}`'), 'json'),
    created_at: a.readOnly(z.string().describe('When'), 'datetime'),
  },
  {
    filters: { resource: 'text', object_id: 'text', actor: 'pk', action: 'text' },
    ordering: ['id', 'created_at'],
  },
);

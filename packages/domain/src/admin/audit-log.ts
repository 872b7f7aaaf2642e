import type { EntityManager } from '@mikro-orm/postgresql';
import { AuditLog } from '@klub/db';

/** Who makes an admin write: a profile (null for the CLI) and how it authenticated. */
export interface AdminActor {
  id: number | null;
  /** jwt, session, basic, oauth or cli. */
  kind: string;
}

export type AuditAction = 'create' | 'update' | 'delete' | (string & {});

/** `{field: {old?, new?}}`: `old` is absent on create, `new` absent on delete. */
export type AuditChanges = Record<string, { old?: unknown; new?: unknown }>;

export interface AuditEntry {
  actor: AdminActor;
  action: AuditAction;
  resource: string;
  objectId: number | string | null;
  changes: AuditChanges;
  /** The units the object reached (unit-scope.ts `unitsOfRow`); null: no unit (organisation staff only). */
  unitIds?: number[] | null;
}

/**
 * Record an admin write. Call it with the writing transaction's EntityManager, so the entry
 * commits or rolls back with the change itself.
 */
export async function recordAudit(em: EntityManager, entry: AuditEntry): Promise<void> {
  em.create(AuditLog, {
    actor: entry.actor.id,
    actorKind: entry.actor.kind,
    action: entry.action,
    resource: entry.resource,
    objectId: entry.objectId === null ? null : String(entry.objectId),
    changes: entry.changes,
    unitIds: entry.unitIds ?? null,
  });
  await em.flush();
}

const same = (x: unknown, y: unknown): boolean => JSON.stringify(x) === JSON.stringify(y);

/**
 * The fields that differ between two representations (either may be null: create, delete).
 * Representations never hold secrets (they are write-only), so neither does the diff.
 */
export function diffRepresentations(
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
  ignore: readonly string[] = [],
): AuditChanges {
  const changes: AuditChanges = {};
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  for (const key of keys) {
    if (key === 'id' || ignore.includes(key)) continue;
    const old = before?.[key];
    const now = after?.[key];
    if (before && after && same(old, now)) continue;
    changes[key] = { ...(before ? { old: old ?? null } : {}), ...(after ? { new: now ?? null } : {}) };
  }
  return changes;
}

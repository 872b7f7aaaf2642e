import type { EntityManager } from '@mikro-orm/postgresql';
import type { TMergeResult } from '@klub/contracts';
import { NotFound, PermissionDenied, ValidationError } from '../errors.js';
import { execute } from '../sql.js';
import { recordAudit } from './audit-log.js';
import { findAdminEntity, runAdminWrite, toRepresentation } from './crud.js';
import { mergeRowInto } from './merge-rows.js';
import { phoneKeySql } from './profile-duplicates.js';
import type { AdminContext } from './resource.js';
import { unitsOfRow } from './unit-scope.js';
import { profilesAdmin } from './resources/profiles.js';

/**
 * `POST /api/admin/profiles/merge/` (issue 17 §2): `other` becomes part of `survivor` in one
 * transaction. Every reference to `other` found through the database's foreign keys moves to
 * the survivor (merge-rows.ts unites what would collide: the same unit, preference, role or
 * team place; the other's primary e-mail and phone become secondary when the survivor has
 * one); numbers that differ only in spelling are dropped, the note is appended, the primary
 * e-mail copy follows the survivor's primary address. The other's full record (row and
 * contact rows, without the password hash) goes into the audit entry, then it is deleted.
 * The other's browser sessions and OAuth tokens are ended, not moved.
 */

interface ProfileRow {
  id: number;
  kind: string;
  note: string;
  email: string | null;
}

/** The row as stored, minus the password hash (the audit log never holds secrets). */
async function fullRecord(em: EntityManager, id: number): Promise<Record<string, unknown>> {
  const [row] = await execute<Array<{ record: Record<string, unknown> }>>(
    em,
    `select to_jsonb(p) - 'password'
              || jsonb_build_object(
                   'emails', (select coalesce(jsonb_agg(to_jsonb(e) order by e.id), '[]') from profile_email e where e.user_id = p.id),
                   'telephones', (select coalesce(jsonb_agg(to_jsonb(t) order by t.id), '[]') from telephone t where t.user_id = p.id),
                   'preferences', (select coalesce(jsonb_agg(to_jsonb(r) order by r.id), '[]') from preference r where r.user_id = p.id),
                   'administrative_units', (select coalesce(jsonb_agg(u.administrative_unit_id order by u.administrative_unit_id), '[]')
                                             from profile_administrative_units u where u.profile_id = p.id)
                 ) as record
       from profile p where p.id = ?`,
    [id],
  );
  return row!.record;
}

const appendNote = (survivor: string, other: string): string => {
  const extra = other.trim();
  if (extra === '' || survivor.includes(extra)) return survivor;
  return survivor.trim() === '' ? extra : `${survivor}\n\n${extra}`;
};

export async function mergeProfiles(
  em: EntityManager,
  survivorId: number,
  otherId: number,
  ctx: AdminContext,
): Promise<TMergeResult> {
  if (survivorId === otherId) throw ValidationError.field('other', 'A profile cannot be merged with itself.');
  // The audit entry names its actor by profile id: the caller's own profile cannot disappear.
  if (otherId === ctx.actor.id)
    throw ValidationError.field('other', 'You cannot merge your own profile into another one.');
  return runAdminWrite(em, profilesAdmin, async (tem) => {
    // Both rows locked in id order, so two merges of overlapping pairs wait rather than deadlock.
    const rows = await execute<ProfileRow[]>(
      tem,
      'select id, kind, note, email from profile where id in (?) order by id for update',
      [[survivorId, otherId]],
    );
    const survivor = rows.find((r) => r.id === survivorId);
    const other = rows.find((r) => r.id === otherId);
    if (!survivor || !other) throw new NotFound();
    // Both must be the caller's to administer (another unit's person is 404, as in the CRUD);
    // a staff account is configuration, merged by a superuser only.
    const otherEntity = await findAdminEntity(tem, profilesAdmin, otherId, ctx.access);
    const survivorEntity = await findAdminEntity(tem, profilesAdmin, survivorId, ctx.access);
    if (ctx.access.role !== 'superuser' && [otherEntity, survivorEntity].some((e) => profilesAdmin.superuserRow?.(e))) {
      throw new PermissionDenied();
    }
    const unitIds = await unitsOfRow(tem, 'profile', profilesAdmin.units, otherId);
    if (survivor.kind !== other.kind)
      throw ValidationError.nonField('Only profiles of the same kind (two users or two companies) can be merged.');

    const record = await fullRecord(tem, otherId);
    const before = toRepresentation(profilesAdmin, survivorEntity);

    // The same number written differently (`+420 777 123 456` / `777123456`): keep the survivor's.
    const phones = await execute<unknown[]>(
      tem,
      `delete from telephone o using telephone s
        where o.user_id = ? and s.user_id = ?
          and ${phoneKeySql('o.telephone')} = ${phoneKeySql('s.telephone')}
       returning o.id`,
      [otherId, survivorId],
    );

    // The other's sign-ins end instead of moving: a session or token of the merged-away profile
    // must not become the survivor's (a wrong merge would hand one person another's account).
    await execute(tem, 'delete from session where user_id = ?', [otherId]);
    await execute(tem, 'delete from oauth_refresh_token where user_id = ?', [otherId]);
    await execute(tem, 'delete from oauth_access_token where user_id = ?', [otherId]);

    const references = await mergeRowInto(tem, 'profile', otherId, survivorId);
    const phoneRef = references.find((r) => r.table === 'telephone');
    if (phoneRef) phoneRef.united += phones.length;

    // The e-mail copy follows the primary profile_email (domain.md §2.1), which may now be the other's.
    const note = appendNote(survivor.note, other.note);
    await execute(
      tem,
      `update profile set note = ?,
              email = coalesce((select e.email from profile_email e where e.user_id = profile.id and e.is_primary), email, ?),
              updated = now()
        where id = ?`,
      [note, other.email, survivorId],
    );

    tem.clear();
    const after = toRepresentation(profilesAdmin, await findAdminEntity(tem, profilesAdmin, survivorId, ctx.access));
    // The survivor now holds the other's units too; both entries stay visible to those units' staff.
    const survivorUnits = await unitsOfRow(tem, 'profile', profilesAdmin.units, survivorId);
    const changes: Record<string, { old?: unknown; new?: unknown }> = {
      merged_profile: { old: record },
      references: { new: references },
    };
    for (const [field, value] of Object.entries(after)) {
      if (JSON.stringify(before[field]) !== JSON.stringify(value) && field !== 'updated')
        changes[field] = { old: before[field] ?? null, new: value };
    }
    await recordAudit(tem, {
      actor: ctx.actor,
      action: 'merge',
      resource: profilesAdmin.schemas.name,
      objectId: survivorId,
      changes,
      unitIds: survivorUnits,
    });
    // Found from either id: the other's history ends with where it went.
    await recordAudit(tem, {
      actor: ctx.actor,
      action: 'merged-into',
      resource: profilesAdmin.schemas.name,
      objectId: otherId,
      changes: { merged_into: { new: survivorId } },
      unitIds,
    });
    return { profile: after as TMergeResult['profile'], merged_id: otherId, references };
  });
}

/** Thrown to roll a preview's transaction back. */
class PreviewOnly extends Error {}

/**
 * What `mergeProfiles` would do, for the merge screen: the merge itself, in a transaction that
 * is rolled back, so the answer (references moved and united, the survivor after) is exactly
 * the merge's, and nothing is kept, the audit entries included.
 */
export async function previewMerge(em: EntityManager, survivorId: number, otherId: number, ctx: AdminContext): Promise<TMergeResult> {
  let result: TMergeResult | undefined;
  try {
    await em.fork().transactional(async (tx) => {
      result = await mergeProfiles(tx, survivorId, otherId, ctx);
      throw new PreviewOnly();
    });
  } catch (err) {
    if (!(err instanceof PreviewOnly)) throw err;
  }
  return result!;
}

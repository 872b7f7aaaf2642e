import type { EntityManager } from '@mikro-orm/postgresql';
import { MSG, type TOrgTeamMember } from '@klub/contracts';
import { Conflict, NotFound, ValidationError, type FieldErrors } from '../errors.js';
import { execute } from '../sql.js';

/**
 * An event's organization team (api.md §4.10, §7.7): rows (profile, position). Who may read or
 * change a team is the org-team rule of ./permissions.ts; this module reads and writes rows.
 */

export const LAST_TEAM_MEMBER = 'An event must keep at least one member in its organization team.';

const SELECT = `select o.id, o.profile_id, o.position_id, p.name as position_name
  from organization_team o join organization_position p on p.id = o.position_id`;

export async function countOrgTeam(em: EntityManager, eventId: number): Promise<number> {
  const [row] = await execute<Array<{ n: string }>>(em, 'select count(*) as n from organization_team where event_id = ?', [eventId]);
  return Number(row?.n ?? 0);
}

export async function pageOrgTeam(em: EntityManager, eventId: number, limit: number, offset: number): Promise<TOrgTeamMember[]> {
  return execute<TOrgTeamMember[]>(em, `${SELECT} where o.event_id = ? order by o.id limit ? offset ?`, [eventId, limit, offset]);
}

/** A team row of `eventId`; a row of another event is 404. */
export async function getOrgTeamMember(em: EntityManager, eventId: number, id: number): Promise<TOrgTeamMember> {
  const [row] = await execute<TOrgTeamMember[]>(em, `${SELECT} where o.event_id = ? and o.id = ?`, [eventId, id]);
  if (!row) throw new NotFound();
  return row;
}

async function referenceErrors(em: EntityManager, refs: { profile_id?: number; position_id?: number }): Promise<FieldErrors> {
  const errors: FieldErrors = {};
  if (refs.profile_id !== undefined) {
    const [row] = await execute<unknown[]>(em, 'select 1 from profile where id = ?', [refs.profile_id]);
    if (!row) errors.profile_id = [MSG.invalidPk(String(refs.profile_id))];
  }
  if (refs.position_id !== undefined) {
    const [row] = await execute<unknown[]>(em, 'select 1 from organization_position where id = ?', [refs.position_id]);
    if (!row) errors.position_id = [MSG.invalidPk(String(refs.position_id))];
  }
  return errors;
}

/**
 * Body checks of `POST event_orgteam/` (api.md §7.7): they come before the `?event=` rule, so
 * the router calls this first.
 */
export async function validateOrgTeamMember(em: EntityManager, refs: { profile_id: number; position_id: number }): Promise<void> {
  const errors = await referenceErrors(em, refs);
  if (Object.keys(errors).length) throw new ValidationError(errors);
}

/**
 * Add `profileId` to the team in `positionId`. The table keeps (event, profile, position)
 * unique (domain.md §9.10), so adding a row that exists answers that row: the reference
 * allowed duplicates, and the client gets the same 201 either way.
 */
export async function addOrgTeamMember(
  em: EntityManager,
  eventId: number,
  refs: { profile_id: number; position_id: number },
): Promise<TOrgTeamMember> {
  await validateOrgTeamMember(em, refs);
  const [row] = await execute<Array<{ id: number }>>(
    em,
    `with added as (
       insert into organization_team (event_id, profile_id, position_id) values (?, ?, ?)
       on conflict (event_id, profile_id, position_id) do nothing returning id)
     select id from added
     union all
     select id from organization_team where event_id = ? and profile_id = ? and position_id = ?
     limit 1`,
    [eventId, refs.profile_id, refs.position_id, eventId, refs.profile_id, refs.position_id],
  );
  return getOrgTeamMember(em, eventId, row!.id);
}

/** Change a member's position (beyond the reference); the same person twice in one position is refused. */
export async function changeOrgTeamPosition(em: EntityManager, eventId: number, id: number, positionId: number | undefined): Promise<TOrgTeamMember> {
  const current = await getOrgTeamMember(em, eventId, id);
  if (positionId === undefined || positionId === current.position_id) return current;
  const errors = await referenceErrors(em, { position_id: positionId });
  if (Object.keys(errors).length) throw new ValidationError(errors);
  const [clash] = await execute<unknown[]>(
    em,
    'select 1 from organization_team where event_id = ? and profile_id = ? and position_id = ? and id <> ?',
    [eventId, current.profile_id, positionId, id],
  );
  if (clash) throw ValidationError.nonField('The fields event, profile, position must make a unique set.');
  await execute(em, 'update organization_team set position_id = ? where id = ?', [positionId, id]);
  return getOrgTeamMember(em, eventId, id);
}

/**
 * Remove a team row (any member may remove any row, their own included), but never the
 * event's last one: an event nobody organizes could not be managed any more (409).
 */
export async function removeOrgTeamMember(em: EntityManager, eventId: number, id: number): Promise<void> {
  await em.transactional(async (tx) => {
    // Serialise removals per event, so two concurrent deletes cannot empty the team together.
    await execute(tx, 'select id from event where id = ? for update', [eventId]);
    await getOrgTeamMember(tx, eventId, id);
    if ((await countOrgTeam(tx, eventId)) <= 1) throw new Conflict(LAST_TEAM_MEMBER);
    await execute(tx, 'delete from organization_team where id = ?', [id]);
  });
}

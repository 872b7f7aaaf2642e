import type { EntityManager } from '@mikro-orm/postgresql';
import { parseDrfDate, parseDrfInteger } from '@klub/contracts';
import { CustomError, NotFound } from '../errors.js';
import { execute } from '../sql.js';

/**
 * Object-level permissions of the front-end API (api.md §2.2, §7), in one place so that REST,
 * tRPC and the tests agree: may this caller create events, see or edit this event, this
 * registration, this team, this profile. The policy builders of the API have already admitted
 * the caller as a user; these rules look at the rows.
 */

/** The caller as these rules need it (the API's ActorUser fits). */
export interface Caller {
  id: number;
  isSuperuser: boolean;
  isActive: boolean;
  roles: readonly string[];
}

export const MUST_BE_EVENT_ORGANIZER = 'must be an event organizer';
export const MUST_BE_TEAM_MEMBER = 'Must be a member of org team';
export const MUST_SPECIFY_DOB = 'must specify date of birth in query arg `dob` in the form YYYY-MM-DD';

/** Event organizer: active and (superuser or holds the `event_organizer` role) (domain.md §2.7). */
export function isEventOrganizer(caller: Caller): boolean {
  return caller.isActive && (caller.isSuperuser || caller.roles.includes('event_organizer'));
}

/**
 * `POST /api/frontend/events/` (D35): superusers and event organizers only. Everybody else —
 * anonymous and OAuth clients included — gets the reference's own body.
 */
export function assertMayCreateEvents(caller: Caller | null): asserts caller is Caller {
  if (!caller || !isEventOrganizer(caller)) throw new CustomError(403, { error: MUST_BE_EVENT_ORGANIZER });
}

const notTeamMember = () => new CustomError(403, { event: MUST_BE_TEAM_MEMBER });

/** Does `profileId` hold any position in the event's organization team? */
export async function isOrgTeamMember(em: EntityManager, profileId: number, eventId: number): Promise<boolean> {
  const rows = await execute<unknown[]>(em, 'select 1 from organization_team where event_id = ? and profile_id = ? limit 1', [
    eventId,
    profileId,
  ]);
  return rows.length > 0;
}

async function eventExists(em: EntityManager, eventId: number): Promise<boolean> {
  const rows = await execute<unknown[]>(em, 'select 1 from event where id = ?', [eventId]);
  return rows.length > 0;
}

/**
 * The org-team rule for an `?event=` query parameter (attendees D37, event_orgteam §7.7):
 * the event to work on, or `null` for "every event" (superusers without the parameter, where
 * `eventRequired` is false). Missing parameter → 403 `{"event": ...}`; not an integer or no
 * such event → 404 (D24); not on that event's team (and not superuser) → 403.
 */
export async function teamEventScope(
  em: EntityManager,
  caller: Caller,
  raw: string | undefined,
  opts: { eventRequired: boolean },
): Promise<number | null> {
  if (raw === undefined || raw.trim() === '') {
    if (caller.isSuperuser && !opts.eventRequired) return null;
    throw notTeamMember();
  }
  const eventId = parseDrfInteger(raw);
  if (eventId === undefined || !(await eventExists(em, eventId))) throw new NotFound();
  if (!caller.isSuperuser && !(await isOrgTeamMember(em, caller.id, eventId))) throw notTeamMember();
  return eventId;
}

/** The org-team rule for an event id that came (validated) in a request body (D23). */
export async function assertOrgTeamMember(em: EntityManager, caller: Caller, eventId: number): Promise<void> {
  if (!caller.isSuperuser && !(await isOrgTeamMember(em, caller.id, eventId))) throw notTeamMember();
}

/**
 * `organized_events/{id}/`: only events on whose team the caller is (superusers too, D21);
 * any other id is 404.
 */
export async function assertOrganizesEvent(em: EntityManager, caller: Caller, eventId: number): Promise<void> {
  if (!(await isOrgTeamMember(em, caller.id, eventId))) throw new NotFound();
}

/** `my_events/{id}/`: the caller's own interaction of the `event_interaction` category, else 404. */
export async function assertOwnsEventInteraction(em: EntityManager, caller: Caller, interactionId: number): Promise<void> {
  const rows = await execute<unknown[]>(
    em,
    `select 1 from interaction i
       join interaction_type t on t.id = i.type_id
       join interaction_category c on c.id = t.category_id
      where i.id = ? and i.user_id = ? and c.slug = 'event_interaction'`,
    [interactionId, caller.id],
  );
  if (rows.length === 0) throw new NotFound();
}

export interface DateOfBirth {
  year: number;
  month: number;
  day: number;
}

/** The `?dob=` second factor of edit_userprofile (api.md §7.12): missing or unparsable → 403. */
export function parseDob(raw: string | undefined): DateOfBirth {
  const date = raw === undefined ? undefined : parseDrfDate(raw.trim());
  if (date === undefined) throw new CustomError(403, { error: MUST_SPECIFY_DOB });
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return { year, month, day };
}

/** Only a user profile born on `dob` is addressable; any other id is 404. */
export async function assertProfileMatchesDob(em: EntityManager, profileId: number, dob: DateOfBirth): Promise<void> {
  const rows = await execute<unknown[]>(
    em,
    `select 1 from profile where id = ? and kind = 'user' and age_group = ? and birth_month = ? and birth_day = ?`,
    [profileId, dob.year, dob.month, dob.day],
  );
  if (rows.length === 0) throw new NotFound();
}

import type { EntityManager } from '@mikro-orm/postgresql';
import { MSG, formatDateTime, type Lang, type TAttendee, type TMyEventInteraction } from '@klub/contracts';
import { NotFound, ValidationError, type FieldErrors } from '../errors.js';
import { createInteraction } from '../signups/interactions.js';
import { execute } from '../sql.js';

/**
 * Registrations and attendance (api.md §4.9, §7.5, §7.6): interactions whose type belongs to
 * the `event_interaction` category. `my_events` sees the caller's own; `attendees` those of an
 * event. Who may see which is decided in ./permissions.ts; this module reads and writes.
 */

export const EVENT_INTERACTION_CATEGORY = 'event_interaction';
export const TYPE_DOES_NOT_EXIST = 'Interaction type does not exist';
export const NOT_EVENT_INTERACTION_TYPE = 'Not an event interaction type';
export const EVENT_HAS_NO_UNIT = 'Event has no administrative unit.';

interface InteractionRow {
  id: number;
  event: number | null;
  note: string | null;
  created: string;
  updated: string;
  type__slug: string;
  summary: string;
  user: number;
  kind: 'user' | 'company';
  first_name: string;
  last_name: string;
  nickname: string;
  city: string;
}

// Instants leave PostgreSQL as ISO text so no driver setting can shift them.
const SELECT = `select i.id, i.event_id as event, i.note, i.summary, coalesce(t.slug, '') as type__slug,
    to_json(coalesce(i.created, i.date_from)) #>> '{}' as created,
    to_json(coalesce(i.updated, i.created, i.date_from)) #>> '{}' as updated,
    i.user_id as "user", p.kind, p.first_name, p.last_name, p.nickname, p.city
  from interaction i
  join interaction_type t on t.id = i.type_id
  join interaction_category c on c.id = t.category_id
  join profile p on p.id = i.user_id
  where c.slug = '${EVENT_INTERACTION_CATEGORY}'`;

function toMyEvent(r: InteractionRow): TMyEventInteraction {
  return {
    id: r.id,
    event: r.event,
    note: r.note,
    updated: formatDateTime(new Date(r.updated)),
    created: formatDateTime(new Date(r.created)),
    type__slug: r.type__slug,
    summary: r.summary,
  };
}

/** Company profiles have no first, last or nick name, so those keys are left out (api.md §4.9). */
function toAttendee(r: InteractionRow): TAttendee {
  const names = r.kind === 'user' ? { user__first_name: r.first_name, user__last_name: r.last_name, user__nickname: r.nickname } : {};
  return { ...toMyEvent(r), user: r.user, ...names, user__city: r.city };
}

/** Which event interactions a list or lookup covers. */
export type EventInteractionScope = { owner: number } | { event: number | null };

function scopeSql(scope: EventInteractionScope): { sql: string; params: unknown[] } {
  if ('owner' in scope) return { sql: ' and i.user_id = ?', params: [scope.owner] };
  return scope.event === null ? { sql: '', params: [] } : { sql: ' and i.event_id = ?', params: [scope.event] };
}

export async function countEventInteractions(em: EntityManager, scope: EventInteractionScope): Promise<number> {
  const { sql, params } = scopeSql(scope);
  const [row] = await execute<Array<{ n: string }>>(
    em,
    `select count(*) as n from interaction i
       join interaction_type t on t.id = i.type_id
       join interaction_category c on c.id = t.category_id
      where c.slug = '${EVENT_INTERACTION_CATEGORY}'${sql}`,
    params,
  );
  return Number(row?.n ?? 0);
}

async function pageRows(em: EntityManager, scope: EventInteractionScope, limit: number, offset: number): Promise<InteractionRow[]> {
  const { sql, params } = scopeSql(scope);
  return execute<InteractionRow[]>(em, `${SELECT}${sql} order by i.id limit ? offset ?`, [...params, limit, offset]);
}

async function oneRow(em: EntityManager, scope: EventInteractionScope, id: number): Promise<InteractionRow> {
  const { sql, params } = scopeSql(scope);
  const [row] = await execute<InteractionRow[]>(em, `${SELECT}${sql} and i.id = ?`, [...params, id]);
  if (!row) throw new NotFound();
  return row;
}

export async function pageMyEvents(em: EntityManager, ownerId: number, limit: number, offset: number): Promise<TMyEventInteraction[]> {
  return (await pageRows(em, { owner: ownerId }, limit, offset)).map(toMyEvent);
}

export async function pageAttendees(em: EntityManager, eventId: number | null, limit: number, offset: number): Promise<TAttendee[]> {
  return (await pageRows(em, { event: eventId }, limit, offset)).map(toAttendee);
}

/** One of the caller's registrations; 404 when it is not theirs or not an event interaction. */
export async function getMyEvent(em: EntityManager, ownerId: number, id: number): Promise<TMyEventInteraction> {
  return toMyEvent(await oneRow(em, { owner: ownerId }, id));
}

/** One attendee row, of `eventId` when given (else of any event: superusers); otherwise 404. */
export async function getAttendee(em: EntityManager, eventId: number | null, id: number): Promise<TAttendee> {
  return toAttendee(await oneRow(em, { event: eventId }, id));
}

/** What the client sends for a registration (api.md §4.9). */
export interface EventInteractionInput {
  event: number;
  type__slug: string;
  note?: string | null | undefined;
  summary?: string | undefined;
}

/** The values an event interaction derives from its event and type (api.md §7.5, D22). */
interface Derived {
  typeId: number;
  subject: string;
  unitId: number;
  dateFrom: Date;
  sendEmail: boolean;
}

/**
 * Check an event interaction's references and derive the stored values: the type must exist
 * and be in the `event_interaction` category; the unit is that of the event's type, else the
 * event's unit with the lowest id (D22); `date_from` is the event's `start_date`, else now.
 * `extra` are errors of other fields found by the caller, reported together (DRF style).
 */
async function derive(em: EntityManager, input: EventInteractionInput, extra: FieldErrors = {}): Promise<Derived> {
  const errors: FieldErrors = { ...extra };
  const [type] = await execute<Array<{ id: number; name: string; send_email: boolean | null; category: string | null }>>(
    em,
    `select t.id, t.name, t.send_email, c.slug as category
       from interaction_type t join interaction_category c on c.id = t.category_id where t.slug = ?`,
    [input.type__slug],
  );
  if (!type) errors.type__slug = [TYPE_DOES_NOT_EXIST];
  else if (type.category !== EVENT_INTERACTION_CATEGORY) errors.type__slug = [NOT_EVENT_INTERACTION_TYPE];

  const [event] = await execute<Array<{ start_date: string | null; unit_id: number | null }>>(
    em,
    `select to_json(e.start_date) #>> '{}' as start_date,
        coalesce(t.administrative_unit_id,
          (select min(x.administrative_unit_id) from event_administrative_units x where x.event_id = e.id)) as unit_id
       from event e left join event_type t on t.id = e.event_type_id where e.id = ?`,
    [input.event],
  );
  if (!event) errors.event = [MSG.invalidPk(String(input.event))];
  else if (event.unit_id === null) errors.event = [EVENT_HAS_NO_UNIT];

  if (Object.keys(errors).length || !type || !event || event.unit_id === null) throw new ValidationError(errors);
  return {
    typeId: type.id,
    subject: type.name,
    unitId: event.unit_id,
    dateFrom: event.start_date ? new Date(event.start_date) : new Date(),
    sendEmail: type.send_email === true,
  };
}

/** A profile id given by the client must name a profile (DRF's PrimaryKeyRelatedField). */
async function profileErrors(em: EntityManager, profileId: number): Promise<FieldErrors> {
  const [row] = await execute<unknown[]>(em, 'select 1 from profile where id = ?', [profileId]);
  return row ? {} : { user: [MSG.invalidPk(String(profileId))] };
}

/**
 * Validate a new attendee row (api.md §7.6): reference errors are reported before the org-team
 * rule (which the caller then applies to `input.event`), so this runs first and returns nothing.
 */
export async function validateAttendee(em: EntityManager, input: EventInteractionInput & { user: number }): Promise<void> {
  await derive(em, input, await profileErrors(em, input.user));
}

/**
 * Create a registration/attendance of `userId` (api.md §7.5, §7.6): subject = the type's
 * name, status `Unknown`, derived unit and date (D22); e-mailed when the type has `send_email`
 * (api.md §12.6). Returns the new interaction's id.
 */
export async function createEventInteraction(
  em: EntityManager,
  userId: number,
  input: EventInteractionInput,
  createdBy: number,
  lang: Lang,
): Promise<number> {
  // One transaction: the interaction and its e-mail job (an outbox row) commit together.
  return em.transactional(async (tx) => {
    const d = await derive(tx, input);
    return createInteraction(tx, {
      userId,
      type: { id: d.typeId, name: d.subject, sendEmail: d.sendEmail },
      eventId: input.event,
      unitId: d.unitId,
      dateFrom: d.dateFrom,
      summary: input.summary ?? '',
      note: input.note ?? null,
      createdBy,
      lang,
    });
  });
}

/**
 * `PUT`/`PATCH /api/frontend/my_events/{id}/` (D10): omitted keys keep their stored values;
 * the same validation and derived values as on creation apply.
 */
export async function updateMyEvent(
  em: EntityManager,
  ownerId: number,
  id: number,
  input: Partial<EventInteractionInput>,
): Promise<void> {
  const stored = await oneRow(em, { owner: ownerId }, id);
  if (input.event === undefined && stored.event === null) throw ValidationError.field('event', MSG.required);
  const merged: EventInteractionInput = {
    event: input.event ?? stored.event!,
    type__slug: input.type__slug ?? stored.type__slug,
    note: input.note === undefined ? stored.note : input.note,
    summary: input.summary ?? stored.summary,
  };
  const d = await derive(em, merged);
  await execute(
    em,
    `update interaction set event_id = ?, type_id = ?, subject = ?, administrative_unit_id = ?, date_from = ?, note = ?,
        summary = ?, updated = ? where id = ?`,
    [merged.event, d.typeId, d.subject, d.unitId, d.dateFrom, merged.note ?? null, merged.summary ?? '', new Date(), id],
  );
}

/** Delete an event interaction found in `scope` (the caller's own, or an event's); else 404. */
export async function deleteEventInteraction(em: EntityManager, scope: EventInteractionScope, id: number): Promise<void> {
  await oneRow(em, scope, id);
  await execute(em, 'delete from interaction where id = ?', [id]);
}

import type { EntityManager } from '@mikro-orm/postgresql';
import { MSG, eventKeysWritten, pyStr, type TEventPatch, type TEventWrite, type TUploadedFile } from '@klub/contracts';
import { AdministrativeUnit, EVENT_CREATOR_POSITION, EventType } from '@klub/db';
import { ValidationError, type FieldErrors } from '../errors.js';
import { execute } from '../sql.js';
import { INVALID_IMAGE, imageExtension } from './event-photos.js';
import type { Caller } from './permissions.js';
import { uniqueSlug } from './slug.js';

/** What writing an event needs besides the input: deployment configuration. */
export interface EventWriteOptions {
  /** api.md §13 `ORGANIZATION_FINANCE_PROGRAM_TYPES`; `""` is always allowed too. */
  programTypes: readonly string[];
  /** Stores an uploaded photo (already checked to be an image) and returns its storage key. */
  savePhoto: (file: TUploadedFile) => Promise<string>;
}

// The keys POST, PUT and PATCH write (EVENT_FIELDS in @klub/contracts): plain columns of the same
// name (`diet` a text[] one), and photos, stored first. `administrative_units` goes to its pivot.
const COLUMNS = eventKeysWritten('column', 'instant', 'date');
const ARRAYS = eventKeysWritten('array');
const PHOTOS = eventKeysWritten('photo');

/**
 * The checks zod cannot make: referenced rows exist, `program` is one of this deployment's
 * programs, photos are images. All problems are reported together, as DRF does.
 */
async function validateEventInput(em: EntityManager, input: TEventPatch, opts: EventWriteOptions): Promise<void> {
  const errors: FieldErrors = {};
  if (input.event_type_id !== undefined) {
    if ((await em.count(EventType, { id: input.event_type_id })) === 0) errors.event_type_id = [MSG.invalidPk(String(input.event_type_id))];
  }
  if (input.administrative_units?.length) {
    const found = await em.find(AdministrativeUnit, { id: { $in: input.administrative_units } }, { fields: ['id'] });
    const known = new Set(found.map((r) => r.id));
    const missing = input.administrative_units.find((id) => !known.has(id));
    if (missing !== undefined) errors.administrative_units = [MSG.invalidPk(String(missing))];
  }
  if (input.program !== undefined && input.program !== '' && !opts.programTypes.includes(input.program)) {
    errors.program = [MSG.invalidChoice(pyStr(input.program))];
  }
  for (const key of PHOTOS) {
    const file = input[key];
    if (file && !imageExtension(file)) errors[key] = [INVALID_IMAGE];
  }
  if (Object.keys(errors).length) throw new ValidationError(errors);
}

/** `column = value` pairs for the keys present in `input`; photos are stored first. */
async function assignments(input: TEventPatch, opts: EventWriteOptions): Promise<Array<[string, unknown]>> {
  const out: Array<[string, unknown]> = [];
  for (const key of COLUMNS) {
    if (input[key] !== undefined) out.push([key, input[key]]);
  }
  // Fixed choice lists: no element can contain a comma, quote or brace.
  for (const key of ARRAYS) {
    const values = input[key];
    if (values !== undefined) out.push([key, `{${values.join(',')}}`]);
  }
  for (const key of PHOTOS) {
    const file: TUploadedFile | null | undefined = input[key];
    if (file === undefined) continue;
    out.push([key, file === null ? null : await opts.savePhoto(file)]);
  }
  return out;
}

const placeholder = (column: string) => ((ARRAYS as string[]).includes(column) ? '?::text[]' : '?');

async function setUnits(em: EntityManager, eventId: number, unitIds: readonly number[]): Promise<void> {
  await execute(em, 'delete from event_administrative_units where event_id = ?', [eventId]);
  for (const unitId of unitIds) {
    await execute(em, 'insert into event_administrative_units (event_id, administrative_unit_id) values (?, ?)', [eventId, unitId]);
  }
}

/** The id of the `Event creator` position (domain.md §4.4), created if an administrator removed it. */
async function eventCreatorPosition(em: EntityManager): Promise<number> {
  const [found] = await execute<Array<{ id: number }>>(em, 'select id from organization_position where name = ? order by id limit 1', [
    EVENT_CREATOR_POSITION,
  ]);
  if (found) return found.id;
  const [created] = await execute<Array<{ id: number }>>(
    em,
    `insert into organization_position (name, description) values (?, '') returning id`,
    [EVENT_CREATOR_POSITION],
  );
  return created!.id;
}

/**
 * `POST /api/frontend/events/` (api.md §7.3): the event, a slug generated from its name
 * (domain.md §8, `-2`, `-3` … when taken), its units, and the creator on its organization team
 * as `Event creator`, all in one transaction. Returns the new event's id.
 */
export async function createEvent(em: EntityManager, creator: Caller, input: TEventWrite, opts: EventWriteOptions): Promise<number> {
  await validateEventInput(em, input, opts);
  return em.transactional(async (tx) => {
    const slug = await uniqueSlug(tx, 'event', input.name);
    const pairs: Array<[string, unknown]> = [['slug', slug], ...(await assignments(input, opts))];
    const [row] = await execute<Array<{ id: number }>>(
      tx,
      `insert into event (${pairs.map(([c]) => c).join(', ')}) values (${pairs.map(([c]) => placeholder(c)).join(', ')}) returning id`,
      pairs.map(([, v]) => v),
    );
    const eventId = row!.id;
    await setUnits(tx, eventId, input.administrative_units);
    await execute(tx, 'insert into organization_team (profile_id, event_id, position_id) values (?, ?, ?)', [
      creator.id,
      eventId,
      await eventCreatorPosition(tx),
    ]);
    return eventId;
  });
}

/**
 * `PUT`/`PATCH /api/frontend/organized_events/{id}/` (api.md §7.4): the keys present are
 * written, the others kept (DRF's update; PUT only differs in what it requires). The slug stays.
 */
export async function updateEvent(em: EntityManager, eventId: number, input: TEventPatch, opts: EventWriteOptions): Promise<void> {
  await validateEventInput(em, input, opts);
  await em.transactional(async (tx) => {
    const pairs = await assignments(input, opts);
    if (pairs.length) {
      await execute(tx, `update event set ${pairs.map(([c]) => `${c} = ${placeholder(c)}`).join(', ')} where id = ?`, [
        ...pairs.map(([, v]) => v),
        eventId,
      ]);
    }
    if (input.administrative_units !== undefined) await setUnits(tx, eventId, input.administrative_units);
  });
}

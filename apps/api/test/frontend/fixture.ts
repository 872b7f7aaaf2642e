import { createUserAccount } from '@klub/domain';
import { Event, Interaction, InteractionStatus, InteractionType, OrganizationPosition, OrganizationTeam } from '@klub/db';
import { makeEvent, makeEventType, makeLocation, makeProfile, makeUnit } from '@klub/db/testing';
import type { KlubApp } from '../helpers/klub-app.js';

/** The kinds of caller of api.md §2.2 that the front-end matrix distinguishes. */
export const CALLERS = ['anonymous', 'user', 'organizer', 'member', 'otherMember', 'staff', 'superuser', 'client'] as const;
export type CallerKind = (typeof CALLERS)[number];

export const NOT_AUTH = { detail: 'Authentication credentials were not provided.' };
export const FORBIDDEN = { detail: 'You do not have permission to perform this action.' };
export const NOT_FOUND = { detail: 'Not found.' };
export const NOT_TEAM = { event: 'Must be a member of org team' };
export const NOT_ORGANIZER = { error: 'must be an event organizer' };

export type Page<T = Record<string, unknown>> = { count: number; next: string | null; previous: string | null; results: T[] };

let sequence = 0;

/**
 * A user that can call the API: a JWT for a profile without a password (no password hashing,
 * so a fixture of many users stays fast).
 */
export async function caller(
  app: KlubApp,
  over: { isStaff?: boolean; isSuperuser?: boolean; roles?: Array<'event_organizer'>; firstName?: string; lastName?: string } = {},
): Promise<{ id: number; headers: Record<string, string> }> {
  const n = ++sequence;
  const profile = await createUserAccount(app.em(), { username: `caller${n}`, email: `caller${n}@example.org`, password: null, ...over });
  const access = await app.jwt.sign(profile.id, 'access');
  return { id: profile.id, headers: { authorization: `Bearer ${access}`, 'accept-language': 'en' } };
}

/**
 * The world of the permission matrix: event A (whose team `member` is on), event B (whose team
 * `otherMember` is on), a plain user with a registration for A, an organizer, staff, a
 * superuser, an OAuth client, a profile born 2003-03-29, a location.
 */
export async function frontendWorld(app: KlubApp) {
  const em = app.em();
  const unit = await makeUnit(em, { name: 'Auto*mat', webUrl: 'www.smth.eu' });
  const eventType = await makeEventType(em, { name: 'Event name', slug: 'event_name', description: 'some description', administrativeUnit: unit });
  const eventA = await makeEvent(em, { name: 'Event A', administrativeUnits: [unit], eventType });
  const eventB = await makeEvent(em, { name: 'Event B', administrativeUnits: [unit], eventType });
  const position = em.create(OrganizationPosition, { name: 'position', description: '' });
  await em.flush();

  const users = {
    user: await caller(app, { firstName: 'user_first', lastName: 'user_last' }),
    organizer: await caller(app, { roles: ['event_organizer'] }),
    member: await caller(app),
    otherMember: await caller(app),
    staff: await caller(app, { isStaff: true }),
    superuser: await caller(app, { isSuperuser: true, isStaff: true }),
  };
  em.create(OrganizationTeam, { profile: users.member.id, event: eventA, position });
  em.create(OrganizationTeam, { profile: users.otherMember.id, event: eventB, position });
  await em.flush();

  const client = await app.client('read write');
  const headers: Record<CallerKind, Record<string, string>> = {
    anonymous: { 'accept-language': 'en' },
    user: users.user.headers,
    organizer: users.organizer.headers,
    member: users.member.headers,
    otherMember: users.otherMember.headers,
    staff: users.staff.headers,
    superuser: users.superuser.headers,
    client: { authorization: `Bearer ${client.token}`, 'accept-language': 'en' },
  };

  const born = await makeProfile(em, { firstName: 'user2_first', lastName: 'user2_last', nickname: 'user2_nickname', city: 'Prague', ageGroup: 2003, birthMonth: 3, birthDay: 29 });
  const location = await makeLocation(em, { name: 'location_name', place: 'here', region: 'Prague', gpsLatitude: 52.15151, gpsLongitude: 35.11515 });
  const registration = await registerFor(app, users.user.id, eventA.id);

  return { unit, eventType, eventA, eventB, position, users, headers, born, location, registration };
}
export type FrontendWorld = Awaited<ReturnType<typeof frontendWorld>>;

/** An `event_registration` interaction of `profileId` for `eventId` (as if made through my_events). */
export async function registerFor(app: KlubApp, profileId: number, eventId: number, slug = 'event_registration'): Promise<number> {
  const em = app.em();
  const type = await em.findOneOrFail(InteractionType, { slug });
  const status = await em.findOne(InteractionStatus, { status: 'Unknown' });
  const event = await em.findOneOrFail(Event, eventId, { populate: ['administrativeUnits'] });
  const unit = event.administrativeUnits.getItems()[0]!;
  const interaction = em.create(Interaction, {
    user: profileId,
    event: eventId,
    administrativeUnit: unit.id,
    type,
    subject: type.name,
    dateFrom: new Date(),
    note: 'blah blah',
    status,
  });
  await em.flush();
  return interaction.id;
}

/** A fresh event with `profileId` on its team (something a matrix case may delete). */
export async function organizedBy(app: KlubApp, w: FrontendWorld, profileId: number): Promise<number> {
  const em = app.em();
  const event = await makeEvent(em, { name: 'Disposable', administrativeUnits: [w.unit.id], eventType: w.eventType.id });
  em.create(OrganizationTeam, { profile: profileId, event, position: w.position.id });
  await em.flush();
  return event.id;
}

import { beforeEach, describe, expect, it } from 'vitest';
import { OrganizationTeam } from '@klub/db';
import { makeLocation, makeProfile } from '@klub/db/testing';
import { useKlubApp, type KlubApp } from '../helpers/klub-app.js';
import {
  CALLERS,
  FORBIDDEN,
  NOT_AUTH,
  NOT_FOUND,
  NOT_ORGANIZER,
  NOT_TEAM,
  frontendWorld,
  organizedBy,
  registerFor,
  type CallerKind,
  type FrontendWorld,
  type Page,
} from './fixture.js';

/** A status, or a status and the exact body. */
type Outcome = number | readonly [number, unknown];
type Outcomes = Record<CallerKind, Outcome>;

interface Case {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Built per caller, so a case that deletes gets a fresh object each time. */
  path: (w: FrontendWorld, app: KlubApp, who: CallerKind) => string | Promise<string>;
  body?: (w: FrontendWorld) => unknown;
  expect: Outcomes;
}

const all = (o: Outcome): Outcomes => Object.fromEntries(CALLERS.map((c) => [c, o])) as Outcomes;
/** USER: any user; anonymous NOT-AUTH; OAuth client FORBIDDEN (api.md §2.3). */
const users = (ok: Outcome, over: Partial<Outcomes> = {}): Outcomes => ({
  ...all(ok),
  anonymous: [403, NOT_AUTH],
  client: [403, FORBIDDEN],
  ...over,
});
/** ORG: staff or event organizer (superusers are organizers). */
const org = (ok: Outcome): Outcomes =>
  users([403, FORBIDDEN], { organizer: ok, staff: ok, superuser: ok });
/** TEAM: the org-team rule (D37): this event's team or superuser. */
const team = (ok: Outcome, over: Partial<Outcomes> = {}): Outcomes =>
  users([403, NOT_TEAM], { member: ok, superuser: ok, ...over });
/** SU/ORG-PERM with the reference's body for everybody else (D35). */
const creators = (ok: Outcome): Outcomes => ({ ...all([403, NOT_ORGANIZER]), organizer: ok, superuser: ok });
/** USER, object visible only to one caller kind; 404 for the other users. */
const onlyFor = (who: CallerKind, ok: Outcome): Outcomes => users([404, NOT_FOUND], { [who]: ok });
const notAllowed = (method: string): readonly [number, unknown] => [405, { detail: `Method "${method}" not allowed.` }];

const eventBody = (w: FrontendWorld) => ({ name: 'New event', event_type_id: w.eventType.id, administrative_units: [w.unit.id] });

const CASES: Record<string, Case> = {
  'GET whoami': { method: 'GET', path: () => '/api/frontend/whoami', expect: users(200) },
  'POST whoami': { method: 'POST', path: () => '/api/frontend/whoami/', body: () => ({ nickname: 'x' }), expect: users(200) },
  'PATCH whoami': { method: 'PATCH', path: () => '/api/frontend/whoami', body: () => ({ nickname: 'x' }), expect: users(200) },
  'GET frontend/': { method: 'GET', path: () => '/api/frontend/', expect: all(200) },

  'GET events': { method: 'GET', path: () => '/api/frontend/events/', expect: all(200) },
  'GET events/{id}': { method: 'GET', path: (w) => `/api/frontend/events/${w.eventA.id}/`, expect: all(200) },
  'POST events': { method: 'POST', path: () => '/api/frontend/events/', body: eventBody, expect: creators(201) },
  'PUT events/{id}': { method: 'PUT', path: (w) => `/api/frontend/events/${w.eventA.id}/`, body: eventBody, expect: all(notAllowed('PUT')) },
  'DELETE events/{id}': { method: 'DELETE', path: (w) => `/api/frontend/events/${w.eventA.id}/`, expect: all(notAllowed('DELETE')) },

  'GET organized_events': { method: 'GET', path: () => '/api/frontend/organized_events/', expect: users(200) },
  'POST organized_events': {
    method: 'POST',
    path: () => '/api/frontend/organized_events/',
    body: eventBody,
    expect: users(notAllowed('POST')),
  },
  'GET organized_events/{A}': { method: 'GET', path: (w) => `/api/frontend/organized_events/${w.eventA.id}/`, expect: onlyFor('member', 200) },
  'PUT organized_events/{A}': {
    method: 'PUT',
    path: (w) => `/api/frontend/organized_events/${w.eventA.id}/`,
    body: eventBody,
    expect: onlyFor('member', 200),
  },
  'PATCH organized_events/{A}': {
    method: 'PATCH',
    path: (w) => `/api/frontend/organized_events/${w.eventA.id}/`,
    body: () => ({ web_url: 'https://example.com' }),
    expect: onlyFor('member', 200),
  },
  'DELETE organized_events/{id}': {
    method: 'DELETE',
    path: async (w, app) => `/api/frontend/organized_events/${await organizedBy(app, w, w.users.member.id)}/`,
    expect: onlyFor('member', 204),
  },

  'GET my_events': { method: 'GET', path: () => '/api/frontend/my_events/', expect: users(200) },
  'POST my_events': {
    method: 'POST',
    path: () => '/api/frontend/my_events/',
    body: (w) => ({ event: w.eventA.id, type__slug: 'event_registration' }),
    expect: users(201),
  },
  'GET my_events/{id}': { method: 'GET', path: (w) => `/api/frontend/my_events/${w.registration}/`, expect: onlyFor('user', 200) },
  'PATCH my_events/{id}': {
    method: 'PATCH',
    path: (w) => `/api/frontend/my_events/${w.registration}/`,
    body: () => ({ note: 'changed' }),
    expect: onlyFor('user', 200),
  },
  'DELETE my_events/{id}': {
    method: 'DELETE',
    path: async (w, app) => `/api/frontend/my_events/${await registerFor(app, w.users.user.id, w.eventB.id)}/`,
    expect: onlyFor('user', 204),
  },

  'GET attendees (no event)': { method: 'GET', path: () => '/api/frontend/attendees/', expect: team(200, { member: [403, NOT_TEAM] }) },
  'GET attendees ?event=A': { method: 'GET', path: (w) => `/api/frontend/attendees/?event=${w.eventA.id}`, expect: team(200) },
  'POST attendees (event A)': {
    method: 'POST',
    path: () => '/api/frontend/attendees/',
    body: (w) => ({ user: w.born.id, event: w.eventA.id, type__slug: 'event_attendance' }),
    expect: team(201),
  },
  'GET attendees/{id}?event=A': {
    method: 'GET',
    path: (w) => `/api/frontend/attendees/${w.registration}/?event=${w.eventA.id}`,
    expect: team(200),
  },
  'DELETE attendees/{id}?event=A': {
    method: 'DELETE',
    path: async (w, app) => `/api/frontend/attendees/${await registerFor(app, w.born.id, w.eventA.id)}/?event=${w.eventA.id}`,
    expect: team(204),
  },
  'PUT attendees/{id}': {
    method: 'PUT',
    path: (w) => `/api/frontend/attendees/${w.registration}/?event=${w.eventA.id}`,
    body: () => ({}),
    expect: users(notAllowed('PUT')),
  },

  'GET event_orgteam (no event)': { method: 'GET', path: () => '/api/frontend/event_orgteam/', expect: users([403, NOT_TEAM]) },
  'GET event_orgteam ?event=A': { method: 'GET', path: (w) => `/api/frontend/event_orgteam/?event=${w.eventA.id}`, expect: team(200) },
  'POST event_orgteam ?event=A': {
    method: 'POST',
    path: (w) => `/api/frontend/event_orgteam/?event=${w.eventA.id}`,
    body: (w) => ({ profile_id: w.born.id, position_id: w.position.id }),
    expect: team(201),
  },
  'GET event_orgteam/{id}?event=A': {
    method: 'GET',
    path: async (w, app) => `/api/frontend/event_orgteam/${await teamRow(app, w)}/?event=${w.eventA.id}`,
    expect: team(200),
  },
  'PATCH event_orgteam/{id}?event=A': {
    method: 'PATCH',
    path: async (w, app) => `/api/frontend/event_orgteam/${await teamRow(app, w)}/?event=${w.eventA.id}`,
    body: () => ({ position_id: 1 }),
    expect: team(200),
  },
  'DELETE event_orgteam/{id}?event=A': {
    method: 'DELETE',
    path: async (w, app) => `/api/frontend/event_orgteam/${await teamRow(app, w)}/?event=${w.eventA.id}`,
    expect: team(204),
  },

  'GET event_organization_position': { method: 'GET', path: () => '/api/frontend/event_organization_position/', expect: all(200) },
  'GET event_organization_position/{id}': {
    method: 'GET',
    path: (w) => `/api/frontend/event_organization_position/${w.position.id}/`,
    expect: all(200),
  },
  'GET event-type': { method: 'GET', path: () => '/api/frontend/event-type/', expect: org(200) },
  'GET event-type/{id}': { method: 'GET', path: (w) => `/api/frontend/event-type/${w.eventType.id}/`, expect: org(200) },

  'GET locations': { method: 'GET', path: () => '/api/frontend/locations/', expect: org(200) },
  'GET location (alias)': { method: 'GET', path: () => '/api/frontend/location/', expect: org(200) },
  'POST locations': { method: 'POST', path: () => '/api/frontend/locations/', body: () => ({ name: 'Brno' }), expect: org(201) },
  'GET locations/{id}': { method: 'GET', path: (w) => `/api/frontend/locations/${w.location.id}/`, expect: org(200) },
  'PUT locations/{id}': { method: 'PUT', path: (w) => `/api/frontend/locations/${w.location.id}/`, body: () => ({ name: 'Brno' }), expect: org(200) },
  'PATCH location/{id} (alias)': {
    method: 'PATCH',
    path: (w) => `/api/frontend/location/${w.location.id}/`,
    body: () => ({ region: 'South Moravia' }),
    expect: org(200),
  },
  'DELETE locations/{id}': {
    method: 'DELETE',
    path: async (_w, app) => `/api/frontend/locations/${(await makeLocation(app.em())).id}/`,
    expect: org(204),
  },

  'GET users': { method: 'GET', path: () => '/api/frontend/users/?q=user', expect: org(200) },
  'GET users/{id}': { method: 'GET', path: (w) => `/api/frontend/users/${w.born.id}/`, expect: org(200) },
  'GET edit_userprofile/{id}?dob=': {
    method: 'GET',
    path: (w) => `/api/frontend/edit_userprofile/${w.born.id}/?dob=2003-03-29`,
    expect: org(200),
  },
  'PATCH edit_userprofile/{id}?dob=': {
    method: 'PATCH',
    path: (w) => `/api/frontend/edit_userprofile/${w.born.id}/?dob=2003-03-29`,
    body: () => ({ city: 'Brno' }),
    expect: org(200),
  },
  'PUT edit_userprofile/{id}?dob=': {
    method: 'PUT',
    path: (w) => `/api/frontend/edit_userprofile/${w.born.id}/?dob=2003-03-29`,
    body: () => ({ city: 'Brno' }),
    expect: org(200),
  },
  'GET my_interactions': { method: 'GET', path: () => '/api/frontend/my_interactions/', expect: users(200) },
};

/** A removable row of event A's team (the member's own row stays, so the team is never emptied). */
async function teamRow(app: KlubApp, w: FrontendWorld): Promise<number> {
  const em = app.em();
  const row = em.create(OrganizationTeam, { profile: await makeProfile(em), event: w.eventA.id, position: w.position.id });
  await em.flush();
  return row.id;
}

describe('front-end permission matrix (api.md §7 table, §2.2 callers)', () => {
  const app = useKlubApp();
  let w: FrontendWorld;
  beforeEach(async () => {
    w = await frontendWorld(app);
  });

  it.each(Object.entries(CASES))('%s: every kind of caller gets the spec’s status', async (_name, c) => {
    const got: Record<string, unknown> = {};
    const want: Record<string, unknown> = {};
    for (const who of CALLERS) {
      const res = await app.api(await c.path(w, app, who), {
        method: c.method,
        headers: w.headers[who],
        ...(c.body ? { json: c.body(w) } : {}),
      });
      const expected = c.expect[who];
      if (typeof expected === 'number') {
        // Success bodies are asserted by the behaviour tests; here the status is the point.
        got[who] = res.status;
        want[who] = expected;
      } else {
        got[who] = [res.status, res.body];
        want[who] = expected;
      }
    }
    expect(got).toEqual(want);
  });
});

describe('front-end lists show nothing outside the caller’s rights (api.md §7)', () => {
  const app = useKlubApp();
  let w: FrontendWorld;
  beforeEach(async () => {
    w = await frontendWorld(app);
  });

  const ids = async (path: string, who: CallerKind) => {
    const res = await app.api(path, { headers: w.headers[who] });
    expect(res.status).toBe(200);
    const body = res.body as Page | Array<{ id: number }>;
    return (Array.isArray(body) ? body : body.results).map((r) => r.id as number);
  };

  it('organized_events lists only the caller’s team’s events, superusers included (D21)', async () => {
    const seen = Object.fromEntries(
      await Promise.all((['user', 'organizer', 'member', 'otherMember', 'staff', 'superuser'] as const).map(async (who) => [who, await ids('/api/frontend/organized_events/', who)])),
    );
    expect(seen).toEqual({ user: [], organizer: [], member: [w.eventA.id], otherMember: [w.eventB.id], staff: [], superuser: [] });
  });

  it('my_events lists only the caller’s own registrations', async () => {
    const seen = Object.fromEntries(
      await Promise.all((['user', 'organizer', 'member', 'superuser'] as const).map(async (who) => [who, await ids('/api/frontend/my_events/', who)])),
    );
    expect(seen).toEqual({ user: [w.registration], organizer: [], member: [], superuser: [] });
  });

  it('attendees of event A do not include event B’s; a superuser without `event` sees both', async () => {
    const other = await registerFor(app, w.born.id, w.eventB.id);
    expect(await ids(`/api/frontend/attendees/?event=${w.eventA.id}`, 'member')).toEqual([w.registration]);
    expect(await ids(`/api/frontend/attendees/?event=${w.eventB.id}`, 'otherMember')).toEqual([other]);
    expect(await ids('/api/frontend/attendees/', 'superuser')).toEqual([w.registration, other]);
  });

  it('event_orgteam of event A lists only A’s rows', async () => {
    const em = app.em();
    const rows = await em.find(OrganizationTeam, { event: w.eventA.id });
    expect(await ids(`/api/frontend/event_orgteam/?event=${w.eventA.id}`, 'member')).toEqual(rows.map((r) => r.id));
  });

  it('my_interactions lists only the caller’s own interactions', async () => {
    await registerFor(app, w.born.id, w.eventA.id);
    expect(await ids('/api/frontend/my_interactions/', 'user')).toEqual([w.registration]);
    expect(await ids('/api/frontend/my_interactions/', 'member')).toEqual([]);
  });
});

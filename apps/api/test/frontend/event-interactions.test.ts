import { describe, expect, it } from 'vitest';
import { Interaction, InteractionCategory, InteractionType, OrganizationPosition, OrganizationTeam, Profile } from '@klub/db';
import { makeEvent, makeEventType, makeProfile, makeUnit } from '@klub/db/testing';
import { useKlubApp, type KlubApp } from '../helpers/klub-app.js';
import { NOT_FOUND, NOT_TEAM, caller, registerFor, type Page } from './fixture.js';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{6})?\+0[12]:00$/;

/** An event whose type belongs to `typeUnit` and which itself has `units`. */
async function eventWithType(app: KlubApp, over: { startDate?: Date } = {}) {
  const em = app.em();
  const typeUnit = await makeUnit(em, { name: 'Type unit' });
  const eventUnit = await makeUnit(em, { name: 'Event unit' });
  const type = await makeEventType(em, { administrativeUnit: typeUnit });
  const event = await makeEvent(em, { eventType: type, administrativeUnits: [eventUnit], ...(over.startDate ? { startDate: over.startDate } : {}) });
  return { typeUnit, eventUnit, type, event };
}

/** A type outside the `event_interaction` category. */
async function otherCategoryType(app: KlubApp) {
  const em = app.em();
  const category = em.create(InteractionCategory, { category: 'Other', slug: 'other' });
  em.create(InteractionType, { name: 'Call', slug: 'call', category });
  await em.flush();
}

describe('/api/frontend/my_events/ (api.md §7.5)', () => {
  const app = useKlubApp();

  it('lists the caller’s registration as in the reference test, with summary (D11)', async () => {
    const me = await caller(app);
    const { event } = await eventWithType(app);
    const created = await app.api('/api/frontend/my_events/', {
      method: 'POST',
      headers: me.headers,
      json: { event: event.id, type__slug: 'event_registration', note: 'blah blah', user: 12345 },
    });
    expect(created.status).toBe(201);
    const item = created.body as { id: number; created: string; updated: string };
    expect(item.created).toMatch(ISO);
    expect(await app.api('/api/frontend/my_events/', { headers: me.headers })).toMatchObject({
      status: 200,
      body: {
        count: 1,
        next: null,
        previous: null,
        results: [{ id: item.id, event: event.id, note: 'blah blah', type__slug: 'event_registration', summary: '', created: item.created, updated: item.updated }],
      },
    });
    const stored = await app.em().findOneOrFail(Interaction, item.id, { populate: ['status'] });
    expect(stored.user.id).toBe(me.id);
  });

  it('derives unit from the event type, date_from from start_date, subject from the type, status Unknown; stores summary', async () => {
    const me = await caller(app);
    const start = new Date('2024-06-01T08:00:00Z');
    const { event, typeUnit } = await eventWithType(app, { startDate: start });
    const res = await app.api('/api/frontend/my_events/', {
      method: 'POST',
      headers: me.headers,
      json: { event: event.id, type__slug: 'event_attendance', summary: 'Q1: yes\nQ2: vegan' },
    });
    expect(res).toMatchObject({ status: 201, body: { event: event.id, type__slug: 'event_attendance', note: null, summary: 'Q1: yes\nQ2: vegan' } });
    const stored = await app.em().findOneOrFail(Interaction, (res.body as { id: number }).id, { populate: ['status', 'createdBy'] });
    expect([stored.administrativeUnit.id, stored.dateFrom.toISOString(), stored.subject, stored.status?.getEntity().status]).toEqual([
      typeUnit.id,
      start.toISOString(),
      'Účast na akci',
      'Unknown',
    ]);
  });

  it('falls back to the event’s lowest-id unit and now for an event without type or start_date (D22)', async () => {
    const me = await caller(app);
    const em = app.em();
    const [u1, u2] = [await makeUnit(em), await makeUnit(em)];
    const event = await makeEvent(em, { administrativeUnits: [u2, u1] });
    const before = Date.now();
    const res = await app.api('/api/frontend/my_events/', { method: 'POST', headers: me.headers, json: { event: event.id, type__slug: 'event_registration' } });
    expect(res.status).toBe(201);
    const stored = await app.em().findOneOrFail(Interaction, (res.body as { id: number }).id);
    expect(stored.administrativeUnit.id).toBe(u1.id);
    expect(stored.dateFrom.getTime()).toBeGreaterThanOrEqual(before - 1000);
  });

  it('answers bad input with 400 in the reference’s words and stores nothing', async () => {
    const me = await caller(app);
    const { event } = await eventWithType(app);
    await otherCategoryType(app);
    const cases: Array<[unknown, unknown]> = [
      [{}, { event: ['This field is required.'], type__slug: ['This field is required.'] }],
      [{ event: event.id, type__slug: 'non-existant' }, { type__slug: ['Interaction type does not exist'] }],
      [{ event: event.id, type__slug: 'call' }, { type__slug: ['Not an event interaction type'] }],
      [{ event: 999, type__slug: 'event_registration' }, { event: ['Invalid pk "999" - object does not exist.'] }],
      [{ event: 'x', type__slug: 'event_registration', note: 'n'.repeat(3001) }, { event: ['Incorrect type. Expected pk value, received str.'], note: ['Ensure this field has no more than 3000 characters.'] }],
    ];
    for (const [json, body] of cases) {
      const res = await app.api('/api/frontend/my_events/', { method: 'POST', headers: me.headers, json });
      expect({ json, status: res.status, body: res.body }).toEqual({ json, status: 400, body });
    }
    expect(await app.em().count(Interaction)).toBe(0);
  });

  it('PATCH keeps stored values for omitted keys, PUT needs event and type__slug (D10); DELETE removes', async () => {
    const me = await caller(app);
    const { event } = await eventWithType(app);
    const other = await eventWithType(app, { startDate: new Date('2030-01-01T00:00:00Z') });
    const id = await registerFor(app, me.id, event.id);
    const path = `/api/frontend/my_events/${id}/`;
    expect(await app.api(path, { method: 'PATCH', headers: me.headers, json: { note: 'changed', summary: 'answers' } })).toMatchObject({
      status: 200,
      body: { id, event: event.id, type__slug: 'event_registration', note: 'changed', summary: 'answers' },
    });
    expect(await app.api(path, { method: 'PUT', headers: me.headers, json: { note: 'x' } })).toMatchObject({
      status: 400,
      body: { event: ['This field is required.'], type__slug: ['This field is required.'] },
    });
    expect(await app.api(path, { method: 'PATCH', headers: me.headers, json: { type__slug: 'nope' } })).toMatchObject({
      status: 400,
      body: { type__slug: ['Interaction type does not exist'] },
    });
    expect(await app.api(path, { method: 'PUT', headers: me.headers, json: { event: other.event.id, type__slug: 'event_attendance' } })).toMatchObject({
      status: 200,
      body: { event: other.event.id, type__slug: 'event_attendance', note: 'changed', summary: 'answers' },
    });
    const stored = await app.em().findOneOrFail(Interaction, id);
    expect([stored.administrativeUnit.id, stored.dateFrom.toISOString(), stored.subject]).toEqual([other.typeUnit.id, '2030-01-01T00:00:00.000Z', 'Účast na akci']);

    expect((await app.api(path, { method: 'DELETE', headers: me.headers })).status).toBe(204);
    expect(await app.api(path, { headers: me.headers })).toMatchObject({ status: 404, body: NOT_FOUND });
  });

  it('does not show interactions of other categories', async () => {
    const me = await caller(app);
    const { event } = await eventWithType(app);
    await registerFor(app, me.id, event.id, 'volunteer');
    const mine = await registerFor(app, me.id, event.id);
    const page = (await app.api('/api/frontend/my_events/', { headers: me.headers })).body as Page;
    expect(page.results.map((r) => r.id)).toEqual([mine]);
  });

  it('paginates', async () => {
    const me = await caller(app);
    const { event } = await eventWithType(app);
    for (let i = 0; i < 11; i++) await registerFor(app, me.id, event.id);
    const first = (await app.api('/api/frontend/my_events/?page_size=5&page=2', { headers: me.headers })).body as Page;
    expect([first.count, first.results.length]).toEqual([11, 5]);
    expect(first.next).toMatch(/\/api\/frontend\/my_events\/\?page_size=5&page=3$/);
    expect(first.previous).toMatch(/\/api\/frontend\/my_events\/\?page_size=5$/);
  });
});

describe('/api/frontend/attendees/ (api.md §7.6)', () => {
  const app = useKlubApp();

  async function teamOf(profileId: number, eventId: number) {
    const em = app.em();
    em.create(OrganizationTeam, { profile: profileId, event: eventId, position: em.create(OrganizationPosition, { name: 'position' }) });
    await em.flush();
  }

  it('follows the reference test: empty page, unknown type 400, then the new row with the person’s names', async () => {
    const su = await caller(app, { isSuperuser: true });
    expect(await app.api('/api/frontend/attendees/', { headers: su.headers })).toMatchObject({ status: 200, body: { count: 0, next: null, previous: null, results: [] } });
    const { event } = await eventWithType(app);
    const person = await makeProfile(app.em(), { firstName: 'user_first', lastName: 'user_last', nickname: 'user_nickname', city: 'Prague' });
    const post = (type__slug: string) =>
      app.api('/api/frontend/attendees/', { method: 'POST', headers: su.headers, json: { user: person.id, event: event.id, type__slug, note: 'blah blah' } });
    expect(await post('non-existant')).toMatchObject({ status: 400, body: { type__slug: ['Interaction type does not exist'] } });
    const created = await post('event_registration');
    expect(created.status).toBe(201);
    const row = created.body as { id: number; created: string; updated: string };
    expect((await app.api('/api/frontend/attendees/', { headers: su.headers })).body).toEqual({
      count: 1,
      next: null,
      previous: null,
      results: [
        {
          id: row.id, event: event.id, note: 'blah blah', type__slug: 'event_registration', summary: '', user: person.id,
          user__first_name: 'user_first', user__last_name: 'user_last', user__nickname: 'user_nickname', user__city: 'Prague',
          created: row.created, updated: row.updated,
        },
      ],
    });
  });

  it('lets a team member of event 2 see event 2 only (reference test); bad or unknown event ids are 404 (D24)', async () => {
    const { event: e1 } = await eventWithType(app);
    const { event: e2 } = await eventWithType(app);
    const me = await caller(app);
    await teamOf(me.id, e2.id);
    const get = (q: string) => app.api(`/api/frontend/attendees/${q}`, { headers: me.headers });
    expect(await get('')).toMatchObject({ status: 403, body: NOT_TEAM });
    expect(await get(`?event=${e1.id}`)).toMatchObject({ status: 403, body: NOT_TEAM });
    expect(await get(`?event=${e2.id}`)).toMatchObject({ status: 200, body: { count: 0 } });
    for (const q of ['?event=abc', '?event=999', '?event=1.5']) expect(await get(q)).toMatchObject({ status: 404, body: NOT_FOUND });
  });

  it('reports body errors before the org-team rule on POST, and applies the rule to the body’s event (D23)', async () => {
    const { event: mine } = await eventWithType(app);
    const { event: theirs } = await eventWithType(app);
    const me = await caller(app);
    await teamOf(me.id, mine.id);
    const person = await makeProfile(app.em());
    const post = (json: unknown) => app.api('/api/frontend/attendees/', { method: 'POST', headers: me.headers, json });
    expect(await post({ event: theirs.id, type__slug: 'event_attendance' })).toMatchObject({ status: 400, body: { user: ['This field is required.'] } });
    expect(await post({ user: 999, event: theirs.id, type__slug: 'event_attendance' })).toMatchObject({
      status: 400,
      body: { user: ['Invalid pk "999" - object does not exist.'] },
    });
    expect(await post({ user: person.id, event: theirs.id, type__slug: 'event_attendance' })).toMatchObject({ status: 403, body: NOT_TEAM });
    expect(await app.em().count(Interaction)).toBe(0);
    // `?event=` in the URL does not count for POST: the body's event does.
    const ok = await app.api(`/api/frontend/attendees/?event=${theirs.id}`, {
      method: 'POST',
      headers: me.headers,
      json: { user: person.id, event: mine.id, type__slug: 'event_attendance', summary: 'present' },
    });
    expect(ok).toMatchObject({ status: 201, body: { user: person.id, event: mine.id, type__slug: 'event_attendance', summary: 'present' } });
    const stored = await app.em().findOneOrFail(Interaction, (ok.body as { id: number }).id, { populate: ['createdBy'] });
    expect([stored.user.id, stored.createdBy?.id]).toEqual([person.id, me.id]);
  });

  it('finds and deletes a row only through its own event', async () => {
    const { event: e1 } = await eventWithType(app);
    const { event: e2 } = await eventWithType(app);
    const me = await caller(app);
    await teamOf(me.id, e1.id);
    await teamOf(me.id, e2.id);
    const person = await makeProfile(app.em());
    const id = await registerFor(app, person.id, e1.id);
    expect(await app.api(`/api/frontend/attendees/${id}/?event=${e2.id}`, { headers: me.headers })).toMatchObject({ status: 404 });
    expect(await app.api(`/api/frontend/attendees/${id}/`, { headers: me.headers })).toMatchObject({ status: 403, body: NOT_TEAM });
    expect(await app.api(`/api/frontend/attendees/${id}/?event=${e2.id}`, { method: 'DELETE', headers: me.headers })).toMatchObject({ status: 404 });
    expect(await app.api(`/api/frontend/attendees/${id}/?event=${e1.id}`, { headers: me.headers })).toMatchObject({ status: 200, body: { id, user: person.id } });
    expect((await app.api(`/api/frontend/attendees/${id}/?event=${e1.id}`, { method: 'DELETE', headers: me.headers })).status).toBe(204);
    expect(await app.em().count(Interaction, id)).toBe(0);
  });

  it('leaves out the names of a company profile', async () => {
    const su = await caller(app, { isSuperuser: true });
    const { event } = await eventWithType(app);
    const em = app.em();
    const company = em.create(Profile, { kind: 'company', name: 'ACME', city: 'Brno', username: 'acme' });
    await em.flush();
    const res = await app.api('/api/frontend/attendees/', { method: 'POST', headers: su.headers, json: { user: company.id, event: event.id, type__slug: 'event_registration' } });
    expect(res.status).toBe(201);
    const body = res.body as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['created', 'event', 'id', 'note', 'summary', 'type__slug', 'updated', 'user', 'user__city']);
    expect(body.user__city).toBe('Brno');
  });

  it('paginates', async () => {
    const su = await caller(app, { isSuperuser: true });
    const { event } = await eventWithType(app);
    for (let i = 0; i < 12; i++) await registerFor(app, (await makeProfile(app.em())).id, event.id);
    const page = (await app.api(`/api/frontend/attendees/?event=${event.id}&page=last`, { headers: su.headers })).body as Page;
    expect([page.count, page.results.length, page.next]).toEqual([12, 2, null]);
    expect(page.previous).toMatch(new RegExp(`/api/frontend/attendees/\\?event=${event.id}$`));
  });
});

describe('GET /api/frontend/my_interactions/ (beyond the reference)', () => {
  const app = useKlubApp();

  it('lists the caller’s interactions of every type, newest first, filtered by type slug and event, paginated', async () => {
    const me = await caller(app);
    const { event: e1 } = await eventWithType(app);
    const { event: e2 } = await eventWithType(app);
    const a = await registerFor(app, me.id, e1.id);
    const b = await registerFor(app, me.id, e2.id, 'volunteer');
    const c = await registerFor(app, me.id, e2.id, 'event_attendance');
    const em = app.em();
    const dates: Record<number, string> = { [a]: '2024-01-01T10:00:00Z', [b]: '2024-03-01T10:00:00Z', [c]: '2024-02-01T10:00:00Z' };
    for (const [id, at] of Object.entries(dates)) (await em.findOneOrFail(Interaction, Number(id))).dateFrom = new Date(at);
    await em.flush();

    const list = async (q = '') => {
      const res = await app.api(`/api/frontend/my_interactions/${q}`, { headers: me.headers });
      expect(res.status).toBe(200);
      return res.body as Page;
    };
    const all = await list();
    expect(all.results.map((r) => r.id)).toEqual([b, c, a]);
    expect(all.results[0]).toEqual({
      id: b, subject: 'Nabídka o pomoci', type__slug: 'volunteer', type__name: 'Nabídka o pomoci', category__slug: 'volunteer',
      event: e2.id, administrative_unit: expect.any(Number) as number, date_from: '2024-03-01T11:00:00+01:00', summary: '',
      created: expect.stringMatching(ISO) as string, updated: expect.stringMatching(ISO) as string,
    });
    expect((await list('?type__slug=event_registration,event_attendance')).results.map((r) => r.id)).toEqual([c, a]);
    expect((await list(`?event=${e2.id}&type__slug=volunteer`)).results.map((r) => r.id)).toEqual([b]);
    expect((await list('?page_size=2&page=2')).results.map((r) => r.id)).toEqual([a]);
    expect(await app.api('/api/frontend/my_interactions/?event=x', { headers: me.headers })).toMatchObject({ status: 400, body: { event: ['Enter a whole number.'] } });
  });
});

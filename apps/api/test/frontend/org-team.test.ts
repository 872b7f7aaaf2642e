import { describe, expect, it } from 'vitest';
import { OrganizationPosition, OrganizationTeam } from '@klub/db';
import { makeEvent, makeProfile } from '@klub/db/testing';
import { useKlubApp } from '../helpers/klub-app.js';
import { NOT_FOUND, NOT_TEAM, caller, type Page } from './fixture.js';

describe('/api/frontend/event_orgteam/ (api.md §7.7)', () => {
  const app = useKlubApp();

  /** Events 1 and 2; `me` is on event 2's team with `position`. */
  async function world() {
    const em = app.em();
    const e1 = await makeEvent(em);
    const e2 = await makeEvent(em);
    const position = em.create(OrganizationPosition, { name: 'position', description: 'does things' });
    await em.flush();
    const me = await caller(app);
    const own = em.create(OrganizationTeam, { profile: me.id, event: e2, position });
    await em.flush();
    return { e1, e2, position, me, own };
  }

  it('follows the reference test: list only with the event of one’s own team; add a member', async () => {
    const { e1, e2, position, me, own } = await world();
    const get = (q: string) => app.api(`/api/frontend/event_orgteam/${q}`, { headers: me.headers });
    expect(await get('')).toMatchObject({ status: 403, body: NOT_TEAM });
    expect(await get(`?event=${e1.id}`)).toMatchObject({ status: 403, body: NOT_TEAM });
    expect(await get(`?event=${e2.id}`)).toMatchObject({
      status: 200,
      body: { count: 1, next: null, previous: null, results: [{ id: own.id, profile_id: me.id, position_id: position.id, position_name: 'position' }] },
    });
    const u = await makeProfile(app.em());
    const res = await app.api(`/api/frontend/event_orgteam/?event=${e2.id}`, {
      method: 'POST',
      headers: me.headers,
      json: { profile_id: u.id, position_id: position.id, position_name: 'ignored (D12)', event: e1.id },
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: (res.body as { id: number }).id, profile_id: u.id, position_id: position.id, position_name: 'position' });
    expect(await app.em().count(OrganizationTeam, { event: e2.id, profile: u.id })).toBe(1);
  });

  it('requires ?event= even from superusers; bad or unknown events are 404 (D24)', async () => {
    const { e2 } = await world();
    const su = await caller(app, { isSuperuser: true });
    expect(await app.api('/api/frontend/event_orgteam/', { headers: su.headers })).toMatchObject({ status: 403, body: NOT_TEAM });
    expect(await app.api(`/api/frontend/event_orgteam/?event=${e2.id}`, { headers: su.headers })).toMatchObject({ status: 200, body: { count: 1 } });
    for (const q of ['?event=x', '?event=999']) {
      expect(await app.api(`/api/frontend/event_orgteam/${q}`, { headers: su.headers })).toMatchObject({ status: 404, body: NOT_FOUND });
    }
  });

  it('reports body errors before the event check, and stores nothing on bad input', async () => {
    const { e1, e2, position, me } = await world();
    const post = (q: string, json: unknown) => app.api(`/api/frontend/event_orgteam/${q}`, { method: 'POST', headers: me.headers, json });
    expect(await post('', {})).toMatchObject({ status: 400, body: { profile_id: ['This field is required.'], position_id: ['This field is required.'] } });
    expect(await post(`?event=${e1.id}`, { profile_id: 999, position_id: 'x' })).toMatchObject({
      status: 400,
      body: { position_id: ['Incorrect type. Expected pk value, received str.'] },
    });
    expect(await post(`?event=${e1.id}`, { profile_id: 999, position_id: 998 })).toMatchObject({
      status: 400,
      body: { profile_id: ['Invalid pk "999" - object does not exist.'], position_id: ['Invalid pk "998" - object does not exist.'] },
    });
    expect(await post(`?event=${e1.id}`, { profile_id: me.id, position_id: position.id })).toMatchObject({ status: 403, body: NOT_TEAM });
    expect(await post('?event=abc', { profile_id: me.id, position_id: position.id })).toMatchObject({ status: 404, body: NOT_FOUND });
    expect(await app.em().count(OrganizationTeam)).toBe(1);
    // Adding a row that exists answers it instead of duplicating it.
    const again = await post(`?event=${e2.id}`, { profile_id: me.id, position_id: position.id });
    expect(again).toMatchObject({ status: 201, body: { profile_id: me.id, position_id: position.id } });
    expect(await app.em().count(OrganizationTeam)).toBe(1);
  });

  it('changes a member’s position; refuses a position the member already holds', async () => {
    const { e2, position, me, own } = await world();
    const em = app.em();
    const cook = em.create(OrganizationPosition, { name: 'cook' });
    const guide = em.create(OrganizationPosition, { name: 'guide' });
    await em.flush();
    const path = `/api/frontend/event_orgteam/${own.id}/?event=${e2.id}`;
    expect(await app.api(path, { method: 'PATCH', headers: me.headers, json: { position_id: cook.id, profile_id: 12345 } })).toMatchObject({
      status: 200,
      body: { id: own.id, profile_id: me.id, position_id: cook.id, position_name: 'cook' },
    });
    expect(await app.api(path, { method: 'PUT', headers: me.headers, json: {} })).toMatchObject({ status: 400, body: { position_id: ['This field is required.'] } });
    expect(await app.api(path, { method: 'PUT', headers: me.headers, json: { position_id: 999 } })).toMatchObject({
      status: 400,
      body: { position_id: ['Invalid pk "999" - object does not exist.'] },
    });
    em.create(OrganizationTeam, { profile: me.id, event: e2.id, position: guide });
    await em.flush();
    expect(await app.api(path, { method: 'PUT', headers: me.headers, json: { position_id: guide.id } })).toMatchObject({
      status: 400,
      body: { non_field_errors: ['The fields event, profile, position must make a unique set.'] },
    });
    expect((await app.em().findOneOrFail(OrganizationTeam, own.id)).position.id).toBe(cook.id);
    expect(position.id).not.toBe(cook.id);
  });

  it('removes any row, one’s own included, but never the event’s last one', async () => {
    const { e2, position, me, own } = await world();
    const em = app.em();
    const other = em.create(OrganizationTeam, { profile: await makeProfile(em), event: e2.id, position });
    await em.flush();
    const del = (id: number) => app.api(`/api/frontend/event_orgteam/${id}/?event=${e2.id}`, { method: 'DELETE', headers: me.headers });
    expect((await del(other.id)).status).toBe(204);
    expect(await del(own.id)).toMatchObject({ status: 409, body: { detail: 'An event must keep at least one member in its organization team.' } });
    expect(await app.em().count(OrganizationTeam, { event: e2.id })).toBe(1);

    const su = await caller(app, { isSuperuser: true });
    const helper = em.create(OrganizationTeam, { profile: su.id, event: e2.id, position });
    await em.flush();
    expect((await del(own.id)).status).toBe(204);
    // The former member is no longer on the team: every method is refused now.
    expect(await app.api(`/api/frontend/event_orgteam/?event=${e2.id}`, { headers: me.headers })).toMatchObject({ status: 403, body: NOT_TEAM });
    expect(await app.api(`/api/frontend/event_orgteam/${helper.id}/?event=${e2.id}`, { method: 'DELETE', headers: su.headers })).toMatchObject({ status: 409 });
  });

  it('finds a row only through its own event', async () => {
    const { e1, e2, me, own } = await world();
    const su = await caller(app, { isSuperuser: true });
    expect(await app.api(`/api/frontend/event_orgteam/${own.id}/?event=${e1.id}`, { headers: su.headers })).toMatchObject({ status: 404 });
    expect(await app.api(`/api/frontend/event_orgteam/${own.id}/?event=${e2.id}`, { headers: me.headers })).toMatchObject({ status: 200, body: { id: own.id } });
  });

  it('paginates', async () => {
    const { e2, position, me } = await world();
    const em = app.em();
    for (let i = 0; i < 10; i++) em.create(OrganizationTeam, { profile: await makeProfile(em), event: e2.id, position });
    await em.flush();
    const first = (await app.api(`/api/frontend/event_orgteam/?event=${e2.id}`, { headers: me.headers })).body as Page;
    expect([first.count, first.results.length]).toEqual([11, 10]);
    expect(first.next).toMatch(new RegExp(`/api/frontend/event_orgteam/\\?event=${e2.id}&page=2$`));
  });
});

import { describe, expect, it } from 'vitest';
import { Event, Location, OrganizationPosition } from '@klub/db';
import { makeEvent, makeEventType, makeLocation, makeUnit } from '@klub/db/testing';
import { useKlubApp } from '../helpers/klub-app.js';
import { NOT_FOUND, caller } from './fixture.js';

describe('GET /api/frontend/event_organization_position/ (api.md §7.8)', () => {
  const app = useKlubApp();

  it('lists every position publicly as a bare array; one by id; unknown id 404', async () => {
    const em = app.em();
    const p = em.create(OrganizationPosition, { name: 'position', description: '' });
    await em.flush();
    expect(await app.api('/api/frontend/event_organization_position/')).toMatchObject({
      status: 200,
      body: [{ id: 1, name: 'Event creator', description: '' }, { id: p.id, name: 'position', description: '' }],
    });
    expect(await app.api(`/api/frontend/event_organization_position/${p.id}/`)).toMatchObject({ status: 200, body: { id: p.id, name: 'position', description: '' } });
    expect(await app.api('/api/frontend/event_organization_position/999/', { headers: { 'accept-language': 'en' } })).toMatchObject({ status: 404, body: NOT_FOUND });
  });
});

describe('GET /api/frontend/event-type/ (api.md §7.9)', () => {
  const app = useKlubApp();

  it('lists every event type in full', async () => {
    const unit = await makeUnit(app.em());
    const type = await makeEventType(app.em(), { name: 'Event name', slug: 'event_name', description: 'some description', administrativeUnit: unit });
    const org = await caller(app, { roles: ['event_organizer'] });
    const expected = { id: type.id, name: 'Event name', slug: 'event_name', description: 'some description', administrative_unit: unit.id };
    expect(await app.api('/api/frontend/event-type/', { headers: org.headers })).toMatchObject({ status: 200, body: [expected] });
    expect(await app.api(`/api/frontend/event-type/${type.id}/`, { headers: org.headers })).toMatchObject({ status: 200, body: expected });
    expect(await app.api('/api/frontend/event-type/999/', { headers: org.headers })).toMatchObject({ status: 404, body: NOT_FOUND });
  });
});

describe('/api/frontend/locations/ and /api/frontend/location/ (api.md §7.10, D3)', () => {
  const app = useKlubApp();

  it('creates, reads, replaces, changes and deletes a location under both paths', async () => {
    const staff = await caller(app, { isStaff: true });
    const h = staff.headers;
    const created = await app.api('/api/frontend/location/', {
      method: 'POST',
      headers: h,
      json: { name: 'location_name', place: 'here', region: 'Prague', gps_latitude: 52.15151, gps_longitude: '35.11515', id: 77 },
    });
    const id = (created.body as { id: number }).id;
    const full = { id, name: 'location_name', place: 'here', region: 'Prague', gps_latitude: 52.15151, gps_longitude: 35.11515 };
    expect(created).toMatchObject({ status: 201, body: full });
    expect((await app.api('/api/frontend/locations/', { headers: h })).body).toEqual([full]);
    expect((await app.api(`/api/frontend/location/${id}/`, { headers: h })).body).toEqual(full);
    expect(await app.api(`/api/frontend/locations/${id}/`, { method: 'PATCH', headers: h, json: { region: '', gps_latitude: null } })).toMatchObject({
      status: 200,
      body: { ...full, region: '', gps_latitude: null },
    });
    expect(await app.api(`/api/frontend/locations/${id}/`, { method: 'PUT', headers: h, json: { name: 'Brno' } })).toMatchObject({
      status: 200,
      body: { ...full, name: 'Brno', region: '', gps_latitude: null },
    });
    const event = await makeEvent(app.em(), { location: id });
    expect((await app.api(`/api/frontend/location/${id}/`, { method: 'DELETE', headers: h })).status).toBe(204);
    expect(await app.api(`/api/frontend/locations/${id}/`, { headers: h })).toMatchObject({ status: 404, body: NOT_FOUND });
    expect((await app.em().findOneOrFail(Event, event.id)).location).toBeNull();
  });

  it('answers bad input with 400 and stores nothing', async () => {
    const org = await caller(app, { roles: ['event_organizer'] });
    const location = await makeLocation(app.em(), { name: 'Kept' });
    const cases: Array<[string, string, unknown, unknown]> = [
      ['POST', '/api/frontend/locations/', {}, { name: ['This field is required.'] }],
      ['POST', '/api/frontend/locations/', { name: 'x'.repeat(101), gps_latitude: 'north' }, { name: ['Ensure this field has no more than 100 characters.'], gps_latitude: ['A valid number is required.'] }],
      ['PUT', `/api/frontend/locations/${location.id}/`, { place: 'p' }, { name: ['This field is required.'] }],
      ['PATCH', `/api/frontend/locations/${location.id}/`, { name: '', region: ['x'] }, { name: ['This field may not be blank.'], region: ['Not a valid string.'] }],
    ];
    for (const [method, path, json, body] of cases) {
      const res = await app.api(path, { method, headers: org.headers, json });
      expect({ method, json, status: res.status, body: res.body }).toEqual({ method, json, status: 400, body });
    }
    const all = await app.em().find(Location, {});
    expect(all.map((l) => [l.name, l.place])).toEqual([['Kept', '']]);
    expect(await app.api('/api/frontend/locations/999/', { method: 'DELETE', headers: org.headers })).toMatchObject({ status: 404, body: NOT_FOUND });
  });
});

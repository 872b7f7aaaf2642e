import { describe, expect, it } from 'vitest';
import { makeUnit } from '@klub/db/testing';
import { useKlubApp } from '../helpers/klub-app.js';
import { caller, superuser } from './helpers.js';

type Entry = Record<string, unknown>;

describe('/api/admin/audit-log/ (issue 3)', () => {
  const app = useKlubApp();

  it('records who changed which fields of which object, for create, update and delete', async () => {
    const su = await superuser(app);
    const api = caller(app, su.headers);
    const created = (await api('POST', '/api/admin/locations/', { name: 'Park', place: 'Lužánky' })).body as { id: number };
    await api('PATCH', `/api/admin/locations/${created.id}/`, { place: 'Lužánky', region: 'JMK' });
    await api('DELETE', `/api/admin/locations/${created.id}/`);
    await api('POST', '/api/admin/locations/', { name: '' });

    const log = await api('GET', `/api/admin/audit-log/?resource=locations&object_id=${created.id}`);
    expect(log.status).toBe(200);
    const entries = (log.body as { count: number; results: Entry[] }).results;
    expect((log.body as { count: number }).count).toBe(3);
    const when = expect.stringMatching(/^\d{4}-\d\d-\d\dT/);
    expect(entries).toEqual([
      {
        id: expect.any(Number),
        actor: su.id,
        actor_kind: 'jwt',
        action: 'create',
        resource: 'locations',
        object_id: String(created.id),
        changes: {
          name: { new: 'Park' },
          place: { new: 'Lužánky' },
          region: { new: '' },
          gps_latitude: { new: null },
          gps_longitude: { new: null },
          specific_name: { new: null },
        },
        created_at: when,
      },
      {
        id: expect.any(Number),
        actor: su.id,
        actor_kind: 'jwt',
        action: 'update',
        resource: 'locations',
        object_id: String(created.id),
        changes: { region: { old: '', new: 'JMK' } },
        created_at: when,
      },
      {
        id: expect.any(Number),
        actor: su.id,
        actor_kind: 'jwt',
        action: 'delete',
        resource: 'locations',
        object_id: String(created.id),
        changes: {
          name: { old: 'Park' },
          place: { old: 'Lužánky' },
          region: { old: 'JMK' },
          gps_latitude: { old: null },
          gps_longitude: { old: null },
          specific_name: { old: null },
        },
        created_at: when,
      },
    ]);

    const one = await api('GET', `/api/admin/audit-log/${entries[1]!.id as number}/`);
    expect(one.body).toEqual(entries[1]);
  });

  it('filters by actor and action, orders newest first on request, and records side effects of a write', async () => {
    const su = await superuser(app);
    const other = await superuser(app, 'root2');
    const unit = await makeUnit(app.em());
    await caller(app, su.headers)('POST', '/api/admin/profiles/', { email: 'a@example.org' });
    const person = (await caller(app, other.headers)('POST', '/api/admin/profiles/', { email: 'b@example.org' })).body as { id: number };
    await caller(app, other.headers)('PATCH', `/api/admin/profiles/${person.id}/`, { administrative_units: [unit.id], is_active: false });

    const api = caller(app, su.headers);
    const mine = (await api('GET', `/api/admin/audit-log/?actor=${su.id}`)).body as { results: Entry[] };
    expect(mine.results.map((e) => e.actor)).toEqual([su.id]);
    const updates = (await api('GET', `/api/admin/audit-log/?action=update&ordering=-id`)).body as { results: Entry[] };
    expect(updates.results).toHaveLength(1);
    expect(updates.results[0]!.changes).toEqual({ administrative_units: { old: [], new: [unit.id] }, is_active: { old: true, new: false } });
    expect(await api('GET', '/api/admin/audit-log/?actor=abc')).toMatchObject({ status: 400 });
  });

  it('offers no writes', async () => {
    const su = await superuser(app);
    const res = await caller(app, su.headers)('POST', '/api/admin/audit-log/', {});
    expect(res).toMatchObject({ status: 405, body: { detail: 'Method "POST" not allowed.' } });
  });
});

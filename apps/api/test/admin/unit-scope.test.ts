import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ADMIN_RESOURCES, canAdministerPerson, staffAccessOf, type StaffAccess } from '@klub/domain';
import { exportResource } from '../../src/cli/export.js';
import { useKlubApp } from '../helpers/klub-app.js';
import { FIXTURES, MARK, reachOf, send, twoUnits, type Body, type Callers, type Side } from './unit-scope-fixture.js';

/**
 * Issue 17 §1: every admin resource × every role × every method, on real data of two units,
 * read from the registry (a resource without a fixture fails the first test). Unit staff must
 * never receive a byte of the other unit's data: every answer they get is searched for the
 * other unit's word, which every object of that unit carries.
 */

const storage = mkdtempSync(join(tmpdir(), 'klub-unit-scope-'));

type Role = keyof Callers;
const ROLES: readonly Role[] = ['superuser', 'organisation', 'unitA', 'unitB', 'nonStaff'];
const OWN: Partial<Record<Role, Side>> = { unitA: 'A', unitB: 'B' };
const OTHER: Record<Side, Side> = { A: 'B', B: 'A' };

/** May `role` see an object of `side` (null: an object of no unit, e.g. a new unit)? */
function sees(role: Role, resource: string, side: Side | null): boolean {
  const kind = reachOf(resource).kind;
  if (role === 'nonStaff') return false;
  if (role === 'superuser') return true;
  if (kind === 'configuration') return false;
  if (role === 'organisation' || kind === 'shared') return true;
  return side === OWN[role];
}

function writes(role: Role, resource: string): boolean {
  const kind = reachOf(resource).kind;
  if (role === 'superuser') return true;
  if (role === 'nonStaff' || kind === 'configuration') return false;
  return role === 'organisation' || kind === 'units';
}

/** Who is refused by the policy itself, before any row is looked at. */
const refused = (role: Role, resource: string) => role === 'nonStaff' || (role !== 'superuser' && reachOf(resource).kind === 'configuration');

/** A new unit is in nobody's units; every other fixture creates into the side it is given. */
const freshSide = (resource: string, side: Side): Side | null => (resource === 'administrative-units' ? null : side);

const ids = (page: unknown): number[] => ((page as { results?: Body[] }).results ?? []).map((r) => r.id as number);

describe('unit-scoped staff (issue 17 §1)', () => {
  const app = useKlubApp({ STORAGE_DIR: storage });

  it('has a fixture for every admin resource in the registry', () => {
    expect(Object.keys(ADMIN_RESOURCES).filter((r) => !FIXTURES[r])).toEqual([]);
  });

  it('answers every resource × role × method by the unit rule, and never with the other unit’s rows', async () => {
    const t = await twoUnits(app);
    const failures: string[] = [];
    const expectStatus = (what: string, got: { status: number; text: string }, want: number | number[]) => {
      const wanted = Array.isArray(want) ? want : [want];
      if (!wanted.includes(got.status)) failures.push(`${what}: ${got.status} (want ${wanted.join('/')}) ${got.text.slice(0, 200)}`);
    };

    for (const resource of Object.keys(ADMIN_RESOURCES)) {
      const fixture = FIXTURES[resource]!;
      const base = `/api/admin/${resource}/`;
      const rows = t.rows[resource]!;
      for (const role of ROLES) {
        const headers = t.callers[role];
        const own = OWN[role];
        const leak = own ? MARK[OTHER[own]] : null;
        const call = async (method: string, path: string, body?: Body | FormData) => {
          const res = await send(app, headers, method, path, body);
          if (leak && res.text.toLowerCase().includes(leak)) failures.push(`${role} ${method} ${path}: answer holds ${leak}: ${res.text.slice(0, 300)}`);
          return res;
        };
        const tag = (m: string) => `${role} ${m} ${resource}`;

        // list
        const list = await call('GET', `${base}?page_size=1000`);
        if (refused(role, resource)) expectStatus(tag('list'), list, 403);
        else {
          expectStatus(tag('list'), list, 200);
          const listed = ids(list.body);
          for (const side of ['A', 'B'] as const) {
            if (sees(role, resource, side) !== listed.includes(rows[side])) failures.push(`${tag('list')}: row of ${side} listed=${listed.includes(rows[side])}`);
          }
        }

        // retrieve
        for (const side of ['A', 'B'] as const) {
          const res = await call('GET', `${base}${rows[side]}/`);
          expectStatus(tag(`retrieve ${side}`), res, refused(role, resource) ? 403 : sees(role, resource, side) ? 200 : 404);
        }

        if (!fixture.create) continue;
        const side: Side = own ?? 'A';

        // create into the caller's unit, and (unit staff) into the other one
        const created = await call('POST', base, await fixture.create(t.units[side], t.shared, t.next(), t.su));
        const createOk = writes(role, resource) && sees(role, resource, freshSide(resource, side));
        expectStatus(tag('create'), created, refused(role, resource) ? 403 : createOk ? 201 : 403);
        if (own && reachOf(resource).kind === 'units') {
          const into = await call('POST', base, await fixture.create(t.units[OTHER[own]], t.shared, t.next(), t.su));
          // Another unit named directly is 403; another unit's row named is "no such object" (400).
          expectStatus(tag('create into the other unit'), into, [400, 403]);
        }

        // update
        for (const s of ['A', 'B'] as const) {
          const res = await call('PATCH', `${base}${rows[s]}/`, fixture.patch);
          const want = refused(role, resource) ? 403 : !sees(role, resource, s) ? 404 : writes(role, resource) ? 200 : 403;
          expectStatus(tag(`update ${s}`), res, want);
        }
        if (own && fixture.move) {
          const res = await call('PATCH', `${base}${rows[own]}/`, fixture.move(t.units[OTHER[own]]));
          expectStatus(tag('move into the other unit'), res, [400, 403]);
          const stays = await call('GET', `${base}${rows[own]}/`);
          if (stays.status !== 200) failures.push(`${tag('move')}: the row left the caller's unit (${stays.status})`);
        }

        // delete: a fresh object of the caller's side, and (unit staff) the other unit's object
        const fresh = await send(app, t.callers.superuser, 'POST', base, await fixture.create(t.units[side], t.shared, t.next(), t.su));
        const freshId = (fresh.body as Body).id as number;
        const deleted = await call('DELETE', `${base}${freshId}/`);
        const freshSeen = sees(role, resource, freshSide(resource, side));
        expectStatus(tag('delete'), deleted, refused(role, resource) ? 403 : !freshSeen ? 404 : writes(role, resource) ? 204 : 403);
        if (own && reachOf(resource).kind === 'units') {
          const other = await call('DELETE', `${base}${rows[OTHER[own]]}/`);
          expectStatus(tag('delete the other unit’s'), other, 404);
        }
      }
    }
    expect(failures).toEqual([]);
    // About 1,100 requests: minutes on a busy machine.
  }, 600_000);

  it('exports only the caller’s units (klub export --as)', async () => {
    const t = await twoUnits(app);
    const em = app.em();
    const unitA = (await staffAccessOf(em, (await profileId(app, 'unit-a-staff'))))!;
    expect(unitA).toEqual({ role: 'unit', unitIds: [t.units.A.unit] });
    const org = (await staffAccessOf(em, await profileId(app, 'org-staff')))!;
    for (const resource of Object.keys(ADMIN_RESOURCES)) {
      const mine = await exported(app, resource, unitA);
      const all = await exported(app, resource, org);
      expect(mine.toLowerCase(), resource).not.toContain(MARK.B);
      if (reachOf(resource).kind === 'units') {
        const idsOf = (text: string) => text.split('\n').filter(Boolean).map((l) => (JSON.parse(l) as Body).id);
        expect(idsOf(mine), resource).toContain(t.rows[resource]!.A);
        expect(idsOf(mine), resource).not.toContain(t.rows[resource]!.B);
        expect(idsOf(all), resource).toContain(t.rows[resource]!.B);
      }
      if (reachOf(resource).kind === 'configuration') expect(mine, resource).toBe('');
    }
  });

  it('keeps the audit log of a unit’s objects to its staff, deleted objects included', async () => {
    const t = await twoUnits(app);
    const api = (role: Role) => (method: string, path: string, body?: Body) => send(app, t.callers[role], method, path, body);
    // A's staff delete a person of A; the entry stays theirs after the row is gone.
    const person = await api('superuser')('POST', '/api/admin/profiles/', { email: 'alphamark.gone@example.org', administrative_units: [t.units.A.unit] });
    const id = (person.body as Body).id as number;
    expect((await api('unitA')('DELETE', `/api/admin/profiles/${id}/`)).status).toBe(204);

    const seen = async (role: Role) => {
      const page = await api(role)('GET', `/api/admin/audit-log/?page_size=1000&object_id=${id}`);
      return ((page.body as { results: Body[] }).results).map((r) => r.action);
    };
    expect(await seen('unitA')).toEqual(['create', 'delete']);
    expect(await seen('unitB')).toEqual([]);
    expect(await seen('organisation')).toEqual(['create', 'delete']);

    const all = await api('unitB')('GET', '/api/admin/audit-log/?page_size=1000');
    expect(all.status).toBe(200);
    expect(all.text.toLowerCase()).not.toContain(MARK.A);
    expect(all.text.toLowerCase()).toContain(MARK.B);
    // Catalogue and configuration entries (no unit) are organisation staff's.
    const catalogue = ((await api('unitB')('GET', '/api/admin/audit-log/?page_size=1000&resource=organization-positions')).body as { count: number }).count;
    expect(catalogue).toBe(0);
    expect(((await api('organisation')('GET', '/api/admin/audit-log/?resource=organization-positions')).body as { count: number }).count).toBeGreaterThan(0);
  });

  it('keeps staff accounts to superusers: no promotion, no edits of a staff profile', async () => {
    const t = await twoUnits(app);
    const api = (role: Role) => (method: string, path: string, body?: Body) => send(app, t.callers[role], method, path, body);
    const person = `/api/admin/profiles/${t.units.A.person}/`;
    for (const role of ['unitA', 'organisation'] as const) {
      for (const body of [{ is_staff: true }, { is_superuser: true }, { roles: ['edit_all_units'] }, { administrated_units: [t.units.A.unit] }]) {
        expect((await api(role)('PATCH', person, body)).status, `${role} ${JSON.stringify(body)}`).toBe(403);
      }
      const create = await api(role)('POST', '/api/admin/profiles/', { email: `${role}.new@example.org`, is_staff: true, administrative_units: [t.units.A.unit] });
      expect(create.status).toBe(403);
    }
    // The same values unchanged are fine (a form sends the whole object back).
    expect((await api('unitA')('PATCH', person, { is_staff: false, roles: [], nickname: 'Al' })).status).toBe(200);
    // A staff member's profile is configuration, even in the caller's unit.
    expect((await api('superuser')('PATCH', person, { is_staff: true })).status).toBe(200);
    expect((await api('unitA')('PATCH', person, { nickname: 'Boss' })).status).toBe(403);
    expect((await api('unitA')('DELETE', person)).status).toBe(403);
    expect((await api('organisation')('PATCH', person, { password: 'taken over 123' })).status).toBe(403);
  });

  it('tells whoami the role and the administered units', async () => {
    const t = await twoUnits(app);
    const me = async (role: Role) => (await send(app, t.callers[role], 'GET', '/api/frontend/whoami')).body as Body;
    expect(await me('superuser')).toMatchObject({ admin_role: 'superuser', administered_units: [] });
    expect(await me('organisation')).toMatchObject({ admin_role: 'organisation', administered_units: [] });
    expect(await me('unitA')).toMatchObject({ admin_role: 'unit', administered_units: [t.units.A.unit] });
    expect(await me('nonStaff')).toMatchObject({ admin_role: null, administered_units: [] });
  });

  it('limits duplicates, merge, statement uploads, the payment check and canAdministerPerson to the caller’s units', async () => {
    const t = await twoUnits(app);
    const api = (role: Role) => (method: string, path: string, body?: Body) => send(app, t.callers[role], method, path, body);
    // A duplicate of each unit's person, in the same unit.
    const twins: Record<Side, number> = { A: 0, B: 0 };
    for (const side of ['A', 'B'] as const) {
      const res = await api('superuser')('POST', '/api/admin/profiles/', {
        email: `${MARK[side]}.twin@example.org`,
        first_name: MARK[side],
        last_name: MARK[side],
        city: 'Brno',
        administrative_units: [t.units[side].unit],
      });
      twins[side] = (res.body as Body).id as number;
      await api('superuser')('PATCH', `/api/admin/profiles/${t.units[side].person}/`, { city: 'Brno' });
    }
    const pairs = async (role: Role) => {
      const res = await api(role)('GET', '/api/admin/profiles/duplicates/?page_size=100');
      expect(res.status).toBe(200);
      return (res.body as { results: Array<{ first: Body; second: Body }> }).results.map((p) => [p.first.id, p.second.id]);
    };
    expect(await pairs('unitA')).toEqual([[t.units.A.person, twins.A]]);
    expect(await pairs('organisation')).toHaveLength(2);

    expect((await api('unitA')('POST', '/api/admin/profiles/merge/', { survivor: t.units.A.person, other: twins.B })).status).toBe(404);
    expect((await api('unitA')('POST', '/api/admin/profiles/merge/', { survivor: twins.B, other: t.units.B.person })).status).toBe(404);
    const merged = await api('unitA')('POST', '/api/admin/profiles/merge/', { survivor: t.units.A.person, other: twins.A });
    expect(merged.status, merged.text).toBe(200);

    const upload = (unit: number) => {
      const f = new FormData();
      f.append('type', 'account');
      f.append('administrative_unit', String(unit));
      f.append('file', new Blob(['x'], { type: 'text/csv' }), 'statement.csv');
      return send(app, t.callers.unitA, 'POST', '/api/admin/account-statements/', f);
    };
    expect((await upload(t.units.B.unit)).status).toBe(403);
    expect((await upload(t.units.A.unit)).status).toBe(202);

    expect((await api('unitA')('POST', '/api/admin/payments/check/', {})).status).toBe(403);
    expect((await api('organisation')('POST', '/api/admin/payments/check/', {})).status).toBe(202);

    const em = app.em();
    const unitA: StaffAccess = { role: 'unit', unitIds: [t.units.A.unit] };
    expect(await canAdministerPerson(em, unitA, t.units.A.person)).toBe(true);
    expect(await canAdministerPerson(em, unitA, t.units.B.person)).toBe(false);
    expect(await canAdministerPerson(em, { role: 'organisation', unitIds: [] }, t.units.B.person)).toBe(true);
  });

  it('keeps people imports to the caller’s units: 403 into another unit, 404 for its imports, the list of their own', async () => {
    const t = await twoUnits(app);
    const upload = async (role: Role, unit: number) => {
      const f = new FormData();
      f.append('administrative_unit', String(unit));
      f.append('file', new Blob([`E-mail;Jméno\nnew.${unit}@example.org;Nový\n`], { type: 'text/csv' }), 'people.csv');
      return send(app, t.callers[role], 'POST', '/api/admin/people-imports/', f);
    };
    const refusedUpload = await upload('unitA', t.units.B.unit);
    expect(refusedUpload.status, refusedUpload.text).toBe(403);
    const own = await upload('unitA', t.units.A.unit);
    expect(own.status, own.text).toBe(201);
    const other = await upload('superuser', t.units.B.unit);
    expect(other.status, other.text).toBe(201);
    const [ownId, otherId] = [(own.body as Body).id as number, (other.body as Body).id as number];

    const list = async (role: Role) => ids((await send(app, t.callers[role], 'GET', '/api/admin/people-imports/?page_size=100')).body);
    expect(await list('unitA')).toEqual([ownId]);
    expect(await list('unitB')).toEqual([otherId]);
    expect(await list('organisation')).toEqual([otherId, ownId]);
    expect((await send(app, t.callers.nonStaff, 'GET', '/api/admin/people-imports/')).status).toBe(403);

    const base = `/api/admin/people-imports/${otherId}/`;
    const mapping = { columns: { email: 'E-mail', first_name: 'Jméno' } };
    for (const [method, path, body] of [
      ['GET', base, undefined],
      ['GET', `${base}rows/`, undefined],
      ['PUT', `${base}mapping/`, mapping],
      ['POST', `${base}dry-run/`, {}],
      ['POST', `${base}start/`, {}],
    ] as const) {
      const res = await send(app, t.callers.unitA, method, path, body);
      expect(res.status, `${method} ${path}: ${res.text}`).toBe(404);
    }
    const dry = await send(app, t.callers.unitA, 'POST', `/api/admin/people-imports/${ownId}/dry-run/`, {});
    expect(dry.status, dry.text).toBe(200);
    expect((dry.body as Body).counts).toMatchObject({ create: 1 });
    expect((await send(app, t.callers.organisation, 'POST', `${base}dry-run/`, {})).status).toBe(200);
    // Nothing of the other unit's import was touched by the refused calls.
    const [row] = await app.em().getConnection().execute<Array<{ status: string }>>('select status from person_import where id = ?', [otherId]);
    expect(row!.status).toBe('staged');
  });
});

async function profileId(app: ReturnType<typeof useKlubApp>, username: string): Promise<number> {
  const [row] = await app.em().getConnection().execute<Array<{ id: number }>>('select id from profile where username = ?', [username]);
  return row!.id;
}

async function exported(app: ReturnType<typeof useKlubApp>, resource: string, access: StaffAccess): Promise<string> {
  let text = '';
  const out = new Writable({
    write(chunk: Buffer, _enc, done) {
      text += chunk.toString();
      done();
    },
  });
  await exportResource(app.em(), out, { resource, format: 'jsonl', access });
  return text;
}

import { describe, expect, it } from 'vitest';
import { makeUnit } from '@klub/db/testing';
import { useKlubApp } from '../helpers/klub-app.js';
import { caller, EN, superuser } from './helpers.js';

interface Account {
  id: number;
  username: string | null;
  name: string;
  email: string | null;
  role: string;
  administered_units: number[];
}

describe('/api/admin/staff-accounts/ (issue 17 §1: roles assigned through the admin API)', () => {
  const app = useKlubApp();

  it('grants and revokes units and the whole organisation, as the CLI does, with audit entries; whoami follows', async () => {
    const su = caller(app, (await superuser(app)).headers);
    const [unitA, unitB] = [await makeUnit(app.em()), await makeUnit(app.em())];
    const eva = await app.user({ username: 'eva', firstName: 'Eva', lastName: 'Nová' });
    const asEva = caller(app, { authorization: `Bearer ${eva.access}`, ...EN });

    const list = async () => ((await su('GET', '/api/admin/staff-accounts/?page_size=100')).body as { results: Account[] }).results;
    expect((await list()).map((a) => a.username)).toEqual(['root']);
    expect((await asEva('GET', '/api/admin/people-imports/')).status).toBe(403);

    const granted = await su('POST', '/api/admin/staff-accounts/grant/', { profile: eva.id, administrative_unit: unitA.id });
    expect(granted.status, granted.text).toBe(200);
    expect(granted.body).toEqual({
      id: eva.id,
      username: 'eva',
      name: 'Eva Nová',
      email: 'eva@example.org',
      role: 'unit',
      administered_units: [unitA.id],
    });
    await su('POST', '/api/admin/staff-accounts/grant/', { profile: eva.id, administrative_unit: unitB.id });
    expect((await list()).find((a) => a.id === eva.id)).toMatchObject({ role: 'unit', administered_units: [unitA.id, unitB.id] });
    expect((await asEva('GET', '/api/frontend/whoami')).body).toMatchObject({ admin_role: 'unit', administered_units: [unitA.id, unitB.id] });
    expect((await asEva('GET', '/api/admin/people-imports/')).status).toBe(200);

    expect((await su('POST', '/api/admin/staff-accounts/grant/', { profile: eva.id, all_units: true })).body).toMatchObject({ role: 'organisation' });
    expect((await su('POST', '/api/admin/staff-accounts/revoke/', { profile: eva.id, all_units: true })).body).toMatchObject({
      account: { role: 'unit', administered_units: [unitA.id, unitB.id] },
    });
    expect((await su('POST', '/api/admin/staff-accounts/revoke/', { profile: eva.id, administrative_unit: unitA.id })).body).toMatchObject({
      account: { role: 'unit', administered_units: [unitB.id] },
    });
    expect((await su('POST', '/api/admin/staff-accounts/revoke/', { profile: eva.id })).body).toEqual({ account: null });
    expect((await list()).map((a) => a.username)).toEqual(['root']);
    expect((await asEva('GET', '/api/admin/people-imports/')).status).toBe(403);

    const audit = await app.em().getConnection().execute<Array<{ action: string }>>(
      `select action from audit_log where resource = 'profiles' and object_id = ? order by id`,
      [String(eva.id)],
    );
    expect(audit.map((a) => a.action)).toEqual(['grant-staff', 'grant-staff', 'grant-staff', 'revoke-staff', 'revoke-staff', 'revoke-staff']);
  });

  it('answers a grant without a unit, of a missing unit or profile with a DRF 4xx; staff who are not superusers get 403', async () => {
    const su = caller(app, (await superuser(app)).headers);
    const eva = await app.user({ username: 'eva' });
    expect(await su('POST', '/api/admin/staff-accounts/grant/', { profile: eva.id })).toMatchObject({
      status: 400,
      body: { non_field_errors: ['Give administrative_unit or all_units.'] },
    });
    expect(await su('POST', '/api/admin/staff-accounts/grant/', { profile: eva.id, administrative_unit: 999999 })).toMatchObject({
      status: 400,
      body: { administrative_unit: ['No administrative unit with the id 999999.'] },
    });
    expect((await su('POST', '/api/admin/staff-accounts/grant/', { profile: 999999, all_units: true })).status).toBe(404);

    const org = await app.user({ username: 'org', isStaff: true, roles: ['edit_all_units'] });
    const asOrg = caller(app, { authorization: `Bearer ${org.access}`, ...EN });
    expect((await asOrg('GET', '/api/admin/staff-accounts/')).status).toBe(403);
    expect((await asOrg('POST', '/api/admin/staff-accounts/grant/', { profile: eva.id, all_units: true })).status).toBe(403);
  });
});

import { describe, expect, it } from 'vitest';
import { makeProfile, makeUnit } from '@klub/db/testing';
import { addUnitsToProfile } from '@klub/domain';
import { EN, superuser } from '../admin/helpers.js';
import { useKlubApp } from '../helpers/klub-app.js';
import { bearer, rows } from '../signups/helpers.js';

type Side = 'A' | 'B';
const MARK: Record<Side, string> = { A: 'alphamark', B: 'bravomark' };

/**
 * Issue 22 × issue 17 §1: unit staff export, read, change the consent of and erase only the people
 * of their units; another unit's person answers 404 and no byte of them; organisation staff and
 * superusers reach everyone.
 */
describe('data protection of unit-scoped staff', () => {
  const app = useKlubApp();

  it('lets unit staff act on their units’ people only, on every per-person data-protection route', async () => {
    const em = app.em();
    const units = {} as Record<Side, number>;
    const people = {} as Record<Side, number>;
    for (const side of ['A', 'B'] as const) {
      units[side] = (await makeUnit(em, { name: `${MARK[side]} unit` })).id;
      const p = await makeProfile(em, { firstName: MARK[side], lastName: MARK[side], email: `${MARK[side]}@example.org` });
      await addUnitsToProfile(em, p.id, [units[side]], { source: 'staff', actorId: null });
      people[side] = p.id;
    }
    const su = await superuser(app);
    const org = await app.user({ username: 'org-staff', isStaff: true, roles: ['edit_all_units'] });
    const staffA = await app.user({ username: 'unit-a-staff', isStaff: true });
    await rows(app, 'insert into profile_administrated_units (profile_id, administrative_unit_id) values (?, ?)', [staffA.id, units.A]);
    const headers = { unitA: { ...EN, ...bearer(staffA.access) }, organisation: { ...EN, ...bearer(org.access) }, superuser: su.headers };

    const routes = (id: number, unit: number): Array<[string, string, unknown?]> => [
      ['GET', `/api/admin/profiles/${id}/`],
      ['GET', `/api/admin/profiles/${id}/export/`],
      ['GET', `/api/admin/profiles/${id}/export.zip`],
      ['GET', `/api/admin/profiles/${id}/consent-history/`],
      ['GET', `/api/admin/profiles/${id}/access-log/`],
      ['POST', `/api/admin/profiles/${id}/mailing-consent/`, { administrative_unit: unit, consent: false }],
      ['POST', `/api/admin/profiles/${id}/erasure/`, {}],
    ];
    const failures: string[] = [];
    const check = async (who: keyof typeof headers, side: Side, want: number) => {
      for (const [method, path, json] of routes(people[side], units[side])) {
        const res = await fetch(`${app.url}${path}`, {
          method,
          headers: { ...headers[who], ...(json ? { 'content-type': 'application/json' } : {}) },
          ...(json ? { body: JSON.stringify(json) } : {}),
        });
        const text = await res.text();
        if (res.status !== want) failures.push(`${who} ${method} ${path} (${side}): ${res.status}, want ${want}`);
        if (who === 'unitA' && text.toLowerCase().includes(MARK.B)) failures.push(`${who} ${method} ${path}: answer holds ${MARK.B}`);
      }
    };
    await check('unitA', 'A', 200);
    await check('unitA', 'B', 404);
    await check('organisation', 'B', 200);
    await check('superuser', 'A', 200);
    expect(failures).toEqual([]);

    // The erasure itself: unit staff erase their unit's person; another unit's token is refused.
    const erase = async (who: keyof typeof headers, side: Side) => {
      const prepared = await fetch(`${app.url}/api/admin/profiles/${people[side]}/erasure/`, { method: 'POST', headers: headers[who] });
      const token = prepared.ok ? ((await prepared.json()) as { confirmation_token: string }).confirmation_token : 'none';
      const res = await fetch(`${app.url}/api/admin/profiles/${people[side]}/erase/`, {
        method: 'POST',
        headers: { ...headers[who], 'content-type': 'application/json' },
        body: JSON.stringify({ confirmation_token: token, reason: 'request' }),
      });
      return res.status;
    };
    expect(await erase('unitA', 'B')).toBe(404);
    expect(await rows(app, 'select email from profile where id = ?', [people.B])).toEqual([{ email: `${MARK.B}@example.org` }]);
    expect(await erase('unitA', 'A')).toBe(200);
    expect(await rows(app, 'select email, last_name from profile where id = ?', [people.A])).toEqual([{ email: null, last_name: '(anonymised)' }]);
    // Who did it, in the person's access log, as their unit's staff see it.
    const log = await fetch(`${app.url}/api/admin/profiles/${people.A}/access-log/`, { headers: headers.unitA });
    expect(((await log.json()) as { results: Array<{ action: string; actor: number }> }).results[0]).toMatchObject({ action: 'erase', actor: staffA.id });
  });
});

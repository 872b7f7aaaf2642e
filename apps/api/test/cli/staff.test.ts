import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, inject, it } from 'vitest';
import { makeProfile, makeUnit } from '@klub/db/testing';
import { useKlubApp } from '../helpers/klub-app.js';
import { EN } from '../admin/helpers.js';

const run = promisify(execFile);
const CLI = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const TSX = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));

async function klub(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(TSX, [CLI, ...args], { env: { ...process.env, DATABASE_URL: inject('apiDatabaseUrl'), NODE_ENV: 'test' } });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe('pnpm klub staff (issue 17 §1)', () => {
  const app = useKlubApp();

  it('grants a unit and the whole organisation, lists, revokes, and the admin API follows', async () => {
    const em = app.em();
    const [north, south] = [await makeUnit(em, { name: 'North' }), await makeUnit(em, { name: 'South' })];
    await makeProfile(em, { email: 'south@example.org', administrativeUnits: [south] });
    const jana = await app.user({ username: 'jana' });
    const headers = { authorization: `Bearer ${jana.access}`, ...EN };
    const whoami = async () => (await app.api('/api/frontend/whoami', { headers })).body as Record<string, unknown>;

    expect((await app.api('/api/admin/profiles/', { headers })).status).toBe(403);
    expect(await klub('staff', 'grant', 'jana', '--unit', String(north.id))).toMatchObject({ code: 0, stdout: `jana\tunit\t${north.id}\n` });
    expect(await whoami()).toMatchObject({ is_staff: true, admin_role: 'unit', administered_units: [north.id] });
    const page = await app.api('/api/admin/profiles/', { headers });
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('south@example.org');

    expect(await klub('staff', 'grant', 'jana', '--all-units')).toMatchObject({ code: 0, stdout: `jana\torganisation\tall units\n` });
    expect((await app.api('/api/admin/profiles/', { headers })).text).toContain('south@example.org');

    const listed = await klub('staff', 'list');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain('jana\torganisation\tall units');

    expect(await klub('staff', 'revoke', 'jana')).toMatchObject({ code: 0, stdout: 'jana\tno staff account\n' });
    expect(await whoami()).toMatchObject({ is_staff: false, admin_role: null, administered_units: [] });
    expect((await app.api('/api/admin/profiles/', { headers })).status).toBe(403);

    const audit = await em.getConnection().execute<Array<{ action: string; actor_kind: string }>>(
      `select action, actor_kind from audit_log where resource = 'profiles' and object_id = ? order by id`,
      [String(jana.id)],
    );
    expect(audit).toEqual([
      { action: 'grant-staff', actor_kind: 'cli' },
      { action: 'grant-staff', actor_kind: 'cli' },
      { action: 'revoke-staff', actor_kind: 'cli' },
    ]);
  }, 300_000);

  it('refuses unknown people, units and actions with exit 1', async () => {
    await app.user({ username: 'petr' });
    expect(await klub('staff', 'grant', 'nobody', '--all-units')).toMatchObject({ code: 1, stderr: expect.stringContaining('No profile with the username "nobody"') });
    expect(await klub('staff', 'grant', 'petr', '--unit', '999999')).toMatchObject({ code: 1, stderr: expect.stringContaining('No administrative unit with the id 999999') });
    expect(await klub('staff', 'grant', 'petr')).toMatchObject({ code: 1, stderr: expect.stringContaining('--unit ID or --all-units') });
    expect(await klub('staff', 'promote', 'petr')).toMatchObject({ code: 1, stderr: expect.stringContaining('unknown staff action "promote"') });
    expect(await klub('export', '--resource', 'profiles', '--as', 'petr')).toMatchObject({ code: 1, stderr: expect.stringContaining('no active staff member') });
  }, 300_000);
});

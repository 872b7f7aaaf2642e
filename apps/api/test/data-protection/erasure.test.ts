import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { superuser } from '../admin/helpers.js';
import { useKlubApp, type KlubApp } from '../helpers/klub-app.js';
import { bearer, rows } from '../signups/helpers.js';
import { PERSON, richPerson } from './fixture.js';

/** Issue 22: erasure by anonymisation, over HTTP on the real database. */

/** Every `table.column` (text, varchar, json, arrays: every column with a text form) whose value contains `needle`. */
async function whereIs(app: KlubApp, needle: string): Promise<string[]> {
  const columns = await rows<{ table_name: string; column_name: string }>(
    app,
    `select c.table_name, c.column_name from information_schema.columns c
       join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
      where c.table_schema = current_schema() and c.data_type in ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY')`,
  );
  const found: string[] = [];
  for (const { table_name: table, column_name: column } of columns) {
    const [hit] = await rows<{ n: string }>(app, `select count(*) as n from "${table}" where "${column}"::text ilike ?`, [`%${needle}%`]);
    if (Number(hit!.n) > 0) found.push(`${table}.${column}`);
  }
  return found;
}

async function unitTotals(app: KlubApp, unitId: number) {
  return rows(
    app,
    `select count(*)::int as n, sum(p.amount)::int as total, string_agg(p.vs || ':' || p.date::text, ',' order by p.id) as symbols
       from payment p join donor_payment_channel c on c.id = p.user_donor_payment_channel_id where c.administrative_unit_id = ?`,
    [unitId],
  );
}

describe('erasure of a person', () => {
  const storageDir = mkdtempSync(join(tmpdir(), 'klub-erase-'));
  const app = useKlubApp({ STORAGE_DIR: storageDir });

  it('leaves no trace of their e-mail, phone or name in any table, keeps the payments, ends sign-in, and a new sign-up is a new person', async () => {
    const { id, unit, event, api, picture, storage } = await richPerson(app);
    const token = await app.api('/api/token/', { method: 'POST', json: { username: 'zdenka', password: PERSON.password } });
    expect(token.status).toBe(200);
    const access = (token.body as { access: string }).access;
    expect((await app.api('/api/frontend/', { headers: bearer(access) })).status).toBe(200);
    for (const needle of [PERSON.email, PERSON.phone, PERSON.first, PERSON.last, PERSON.renamed]) {
      expect((await whereIs(app, needle)).length).toBeGreaterThan(0);
    }
    const before = await unitTotals(app, unit.id);

    // Confirmed twice: without the prepared token nothing happens.
    const unconfirmed = await api('POST', `/api/admin/profiles/${id}/erase/`, { confirmation_token: '123.abc', reason: 'request' });
    expect(unconfirmed.status).toBe(400);
    expect(unconfirmed.body).toHaveProperty('confirmation_token');
    const prepared = await api('POST', `/api/admin/profiles/${id}/erasure/`);
    expect(prepared.status).toBe(200);
    expect(prepared.body).toMatchObject({ summary: { profile_id: id, emails: 1, telephones: 1, payments: 2, payments_total: 800, files: 1 } });
    const confirmation = (prepared.body as { confirmation_token: string }).confirmation_token;
    // The token is this caller's for this person only.
    const other = await superuser(app, 'other-root');
    const stolen = await app.api(`/api/admin/profiles/${id}/erase/`, {
      method: 'POST',
      headers: other.headers,
      json: { confirmation_token: confirmation, reason: 'request' },
    });
    expect(stolen.status).toBe(400);
    expect((await api('POST', `/api/admin/profiles/${id}/erase/`, { confirmation_token: confirmation, reason: '' })).status).toBe(400);
    expect(await whereIs(app, PERSON.email)).not.toEqual([]);

    const erased = await api('POST', `/api/admin/profiles/${id}/erase/`, {
      confirmation_token: confirmation,
      reason: `Request of ${PERSON.first} ${PERSON.renamed} by letter, ticket 42`,
    });
    expect(erased.status).toBe(200);
    expect(erased.body).toMatchObject({ profile_id: id, payments: 2, payments_total: 800 });

    for (const needle of [PERSON.email, PERSON.phone, PERSON.first, PERSON.last, PERSON.renamed, PERSON.street]) {
      expect({ needle, found: await whereIs(app, needle) }).toEqual({ needle, found: [] });
    }
    // Accounting: the same payments, amounts, symbols and dates, still the anonymised profile's.
    expect(await unitTotals(app, unit.id)).toEqual(before);
    expect(await rows(app, 'select count(*)::int as n from donor_payment_channel where user_id = ?', [id])).toEqual([{ n: 1 }]);
    const [profile] = await rows<Record<string, unknown>>(app, 'select * from profile where id = ?', [id]);
    expect(profile).toMatchObject({ password: null, username: null, email: null, is_active: false, age_group: null, birth_day: null, note: '' });

    // Signing in is over: password, JWT, browser session.
    expect((await app.api('/api/auth/login/', { method: 'POST', json: { username: 'zdenka', password: PERSON.password } })).status).toBe(400);
    expect((await app.api('/api/frontend/', { headers: bearer(access) })).status).toBe(403);
    expect(await rows(app, 'select * from session where user_id = ?', [id])).toEqual([]);
    expect(await storage.read(picture)).toBeUndefined();

    // Recorded: who, when, why, without the erased data; and in the person's access log.
    const [entry] = await rows<{ actor_id: number; changes: { reason: { new: string } } }>(
      app,
      `select actor_id, changes from audit_log where action = 'erase' and object_id = ?`,
      [String(id)],
    );
    expect(entry!.changes.reason.new).toBe('Request of [erased] by letter, ticket 42');
    const log = await api('GET', `/api/admin/profiles/${id}/access-log/`);
    expect((log.body as { results: Array<{ action: string }> }).results.map((r) => r.action)).toContain('erase');
    // Irreversible, and once only.
    expect((await api('POST', `/api/admin/profiles/${id}/erasure/`)).status).toBe(409);

    // The same e-mail signing up again is somebody new.
    const client = await app.client('read write can_create_userprofile_interaction');
    const again = await app.api('/api/sign_up_for_event/', {
      method: 'POST',
      headers: bearer(client.token),
      json: { first_name: 'Nová', last_name: 'Osoba', email: PERSON.email, event: event.id },
    });
    expect(again.status).toBe(200);
    expect((again.body as { user_id: number }).user_id).not.toBe(id);
  }, 120_000);

  it('refuses other staff, unknown people and the caller’s own profile', async () => {
    const { id } = await richPerson(app);
    // Staff who administer none of the person's units do not learn the person exists (issue 17 §1).
    const staff = await app.user({ username: 'staffer', isStaff: true });
    expect((await app.api(`/api/admin/profiles/${id}/erasure/`, { method: 'POST', headers: bearer(staff.access) })).status).toBe(404);
    const member = await app.user({ username: 'member' });
    expect((await app.api(`/api/admin/profiles/${id}/erasure/`, { method: 'POST', headers: bearer(member.access) })).status).toBe(403);
    const su = await superuser(app, 'root2');
    expect((await app.api('/api/admin/profiles/999999/erasure/', { method: 'POST', headers: su.headers })).status).toBe(404);
    const own = await app.api(`/api/admin/profiles/${su.id}/erasure/`, { method: 'POST', headers: su.headers });
    const confirmation = (own.body as { confirmation_token: string }).confirmation_token;
    const refused = await app.api(`/api/admin/profiles/${su.id}/erase/`, {
      method: 'POST',
      headers: su.headers,
      json: { confirmation_token: confirmation, reason: 'oops' },
    });
    expect(refused.status).toBe(400);
  });

  it('klub person erase <id> --reason erases only when confirmed (--yes where nobody can type), as the CLI in the audit log', async () => {
    const { id } = await richPerson(app);
    const cli = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
    const tsx = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));
    const env = { ...process.env, DATABASE_URL: inject('apiDatabaseUrl'), NODE_ENV: 'test', STORAGE_DIR: storageDir };
    const run = (...args: string[]) =>
      promisify(execFile)(tsx, [cli, 'person', 'erase', String(id), ...args], { env }).then(
        () => 0,
        (e: { code: number }) => e.code,
      );
    expect(await run('--reason', 'letter of 2026-12-01')).toBe(1);
    expect(await whereIs(app, PERSON.email)).not.toEqual([]);
    expect(await run('--reason', 'letter of 2026-12-01', '--yes')).toBe(0);
    expect(await whereIs(app, PERSON.email)).toEqual([]);
    expect(await rows(app, `select actor_id, actor_kind, changes->'reason'->>'new' as reason from audit_log where action = 'erase'`)).toEqual([
      { actor_id: null, actor_kind: 'cli', reason: 'letter of 2026-12-01' },
    ]);
  }, 120_000);
});

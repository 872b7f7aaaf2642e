import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, inject, it } from 'vitest';
import yauzl from 'yauzl';
import { useKlubApp } from '../helpers/klub-app.js';
import { bearer, rows } from '../signups/helpers.js';
import { PERSON, richPerson } from './fixture.js';

/** Issue 22: everything stored about one person, as JSON and as a ZIP with their files. */

type Doc = {
  profile: Record<string, unknown>;
  references: Record<string, Array<Record<string, unknown>>>;
  related: Record<string, Array<Record<string, unknown>>>;
  audit_entries_about: Array<Record<string, unknown>>;
  sent_emails: Array<Record<string, unknown>>;
  files: Array<{ key: string; path: string }>;
};

/** Every entry of a ZIP, name → bytes. */
async function unzip(data: Buffer): Promise<Map<string, Buffer>> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(data, { lazyEntries: true }, (err, z) => (err ? reject(err) : resolve(z))),
  );
  const out = new Map<string, Buffer>();
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      zip.openReadStream(entry, (err, stream) => {
        if (err) return reject(err);
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          out.set(entry.fileName, Buffer.concat(chunks));
          zip.readEntry();
        });
      });
    });
    zip.on('end', () => resolve());
    zip.on('error', reject);
    zip.readEntry();
  });
  return out;
}

describe('export of one person', () => {
  const storageDir = mkdtempSync(join(tmpdir(), 'klub-export-'));
  const app = useKlubApp({ STORAGE_DIR: storageDir });

  it('holds every table that refers to the profile (from the database’s own foreign keys), with the person’s rows', async () => {
    const { id, api, su } = await richPerson(app);
    const res = await api('GET', `/api/admin/profiles/${id}/export/`);
    expect(res.status).toBe(200);
    const doc = res.body as Doc;

    const keys = await rows<{ key: string }>(
      app,
      `select c.conrelid::regclass::text || '.' || a.attname as key
         from pg_constraint c join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
        where c.contype = 'f' and c.confrelid = 'profile'::regclass`,
    );
    expect(keys.length).toBeGreaterThan(15);
    expect(Object.keys(doc.references).sort()).toEqual(keys.map((k) => k.key).sort());

    expect(doc.profile).toMatchObject({ id, first_name: PERSON.first, last_name: PERSON.renamed, email: PERSON.email });
    expect(doc.profile).not.toHaveProperty('password');
    expect(doc.references['profile_email.user_id']).toEqual([expect.objectContaining({ email: PERSON.email })]);
    expect(doc.references['telephone.user_id']).toEqual([expect.objectContaining({ telephone: PERSON.phone })]);
    expect(doc.references['interaction.user_id']).toEqual([expect.objectContaining({ summary: expect.stringContaining('alergii') })]);
    expect(doc.references['preference.user_id']).toHaveLength(1);
    expect(doc.references['mailing_consent_change.profile_id']).toEqual([expect.objectContaining({ source: 'signup', new_value: true })]);
    expect(doc.references['organization_team.profile_id']).toHaveLength(1);
    expect(doc.references['donor_payment_channel.user_id']).toHaveLength(1);
    expect(doc.references['session.user_id']).toHaveLength(1);
    expect(doc.references['session.user_id']![0]).not.toHaveProperty('id');
    expect(doc.references['session.user_id']![0]).not.toHaveProperty('csrf_token');
    // Their payments, not the other donor's.
    expect(doc.related['payment.user_donor_payment_channel_id']!.map((p) => p.amount).sort()).toEqual([300, 500]);
    expect(doc.audit_entries_about.map((e) => e.action)).toEqual(expect.arrayContaining(['update']));
    expect(doc.sent_emails).toEqual([expect.objectContaining({ subject: `Dobrý den, ${PERSON.first}` })]);
    expect(doc.files).toEqual([expect.objectContaining({ key: expect.stringMatching(/^profile_pictures\//) })]);

    // The export itself is in the audit log, and in the person's access log.
    const log = await api('GET', `/api/admin/profiles/${id}/access-log/`);
    expect(log.status).toBe(200);
    expect((log.body as { results: Array<Record<string, unknown>> }).results).toEqual([
      expect.objectContaining({ action: 'export', actor: su.id, actor_kind: 'jwt' }),
    ]);
  });

  it('streams a ZIP with the document and the stored files; refuses others and unknown people', async () => {
    const { id, su, picture } = await richPerson(app);
    const res = await fetch(`${app.url}/api/admin/profiles/${id}/export.zip`, { headers: su.headers });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    const entries = await unzip(Buffer.from(await res.arrayBuffer()));
    const doc = JSON.parse(entries.get('person.json')!.toString('utf8')) as Doc & { missing_files: string[] };
    expect(doc.profile).toMatchObject({ id, first_name: PERSON.first });
    expect(doc.missing_files).toEqual([]);
    expect(entries.get(`files/${picture}`)!.toString()).toBe('not really a jpeg');

    // Staff of none of the person's units: as if there were no such person (issue 17 §1).
    const staff = await app.user({ username: 'staffer', isStaff: true });
    const refused = await fetch(`${app.url}/api/admin/profiles/${id}/export.zip`, { headers: bearer(staff.access) });
    expect(refused.status).toBe(404);
    expect(await refused.json()).toHaveProperty('detail');
    expect((await fetch(`${app.url}/api/admin/profiles/999999/export.zip`, { headers: su.headers })).status).toBe(404);
    expect((await fetch(`${app.url}/api/admin/profiles/abc/export.zip`, { headers: su.headers })).status).toBe(404);
    const exports = await rows(app, `select actor_id from audit_log where action = 'export' and object_id = ?`, [String(id)]);
    expect(exports).toEqual([{ actor_id: su.id }]);
  });

  it('reading a profile through the admin API leaves an access entry, queryable per person', async () => {
    const { id, api, su } = await richPerson(app);
    expect((await api('GET', `/api/admin/profiles/${id}/`)).status).toBe(200);
    expect((await api('GET', `/api/admin/profiles/${id}/`)).status).toBe(200);
    const log = await api('GET', `/api/admin/profiles/${id}/access-log/?page_size=1`);
    expect(log.body).toMatchObject({ count: 2, results: [{ action: 'view', actor: su.id, actor_name: 'root' }] });
    expect((log.body as { next: string | null }).next).not.toBeNull();
    expect((await api('GET', `/api/admin/profiles/999999/`)).status).toBe(404);
  });

  it('klub person export <id> --out writes the same ZIP and records the CLI in the audit log', async () => {
    const { id } = await richPerson(app);
    const out = join(mkdtempSync(join(tmpdir(), 'klub-export-cli-')), 'person.zip');
    const cli = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
    const tsx = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));
    await promisify(execFile)(tsx, [cli, 'person', 'export', String(id), '--out', out], {
      env: { ...process.env, DATABASE_URL: inject('apiDatabaseUrl'), NODE_ENV: 'test', STORAGE_DIR: storageDir },
    });
    const entries = await unzip(readFileSync(out));
    expect(JSON.parse(entries.get('person.json')!.toString()).profile.email).toBe(PERSON.email);
    expect(await rows(app, `select actor_id, actor_kind from audit_log where action = 'export' and object_id = ?`, [String(id)])).toEqual([
      { actor_id: null, actor_kind: 'cli' },
    ]);
  }, 90_000);
});

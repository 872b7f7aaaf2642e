import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeUnit } from '@klub/db/testing';
import { useKlubApp } from '../helpers/klub-app.js';
import { superuser } from './helpers.js';

const storage = mkdtempSync(join(tmpdir(), 'klub-admin-pdf-'));
const PDF = '%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n';

function form(fields: Record<string, string | string[]>, file?: { name: string; content: string }): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) for (const item of Array.isArray(v) ? v : [v]) f.append(k, item);
  if (file) f.append('pdf_file', new Blob([file.content], { type: 'application/pdf' }), file.name);
  return f;
}

describe('/api/admin/pdf-storage/ (domain.md §6.1)', () => {
  const app = useKlubApp({ STORAGE_DIR: storage });

  it('stores an uploaded PDF under a server-chosen name, replaces it, and removes it with the row', async () => {
    const su = await superuser(app);
    const unit = await makeUnit(app.em());
    const res = await app.api('/api/admin/pdf-storage/', {
      method: 'POST',
      headers: su.headers,
      body: form({ name: 'Magazín 1/2026', topic: 'magazine', administrative_unit: String(unit.id), related_ids: ['12', '13'] }, { name: '../../etc/passwd.pdf', content: PDF }),
    });
    expect(res.status, res.text).toBe(201);
    const body = res.body as Record<string, unknown> & { id: number; pdf_file: string };
    expect(body).toEqual({
      id: expect.any(Number),
      name: 'Magazín 1/2026',
      topic: 'magazine',
      author: su.id,
      administrative_unit: unit.id,
      related_ids: [12, 13],
      pdf_file: expect.stringMatching(/^pdf_storage\/[0-9a-f]{16}-passwd\.pdf$/),
      created: expect.any(String),
    });
    expect(readFileSync(join(storage, body.pdf_file), 'utf8')).toBe(PDF);

    const listed = await app.api('/api/pdf_storage/12/list/', { headers: su.headers });
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual([expect.objectContaining({ id: body.id, name: 'Magazín 1/2026' })]);

    const replaced = await app.api(`/api/admin/pdf-storage/${body.id}/`, { method: 'PATCH', headers: su.headers, body: form({}, { name: 'v2.pdf', content: `${PDF}%v2\n` }) });
    expect(replaced.status, replaced.text).toBe(200);
    const next = (replaced.body as { pdf_file: string }).pdf_file;
    expect(next).not.toBe(body.pdf_file);
    expect(existsSync(join(storage, body.pdf_file))).toBe(false);
    expect(existsSync(join(storage, next))).toBe(true);

    expect(await app.api(`/api/admin/pdf-storage/${body.id}/`, { method: 'DELETE', headers: su.headers })).toMatchObject({ status: 204 });
    expect(existsSync(join(storage, next))).toBe(false);
  });

  it('stores a PDF with a very long client name under a key that fits the varchar(100) column', async () => {
    const su = await superuser(app);
    const unit = await makeUnit(app.em());
    const name = `Výroční zpráva ${'dlouhá '.repeat(20)}.pdf`;
    const res = await app.api('/api/admin/pdf-storage/', {
      method: 'POST',
      headers: su.headers,
      body: form({ name: 'Long', topic: 't', administrative_unit: String(unit.id) }, { name, content: PDF }),
    });
    expect(res.status, res.text).toBe(201);
    const key = (res.body as { pdf_file: string }).pdf_file;
    expect(key).toMatch(/^pdf_storage\/[0-9a-f]{16}-Vyrocni_zprava_dlouha_[\w.-]+\.pdf$/);
    expect(key.length).toBeLessThanOrEqual(100);
    expect(readFileSync(join(storage, key), 'utf8')).toBe(PDF);
  });

  it('refuses a missing file, a file that is not a PDF, and keeps no file of a failed write', async () => {
    const su = await superuser(app);
    const unit = await makeUnit(app.em());
    const fields = { name: 'N', topic: 'T', administrative_unit: String(unit.id) };
    const missing = await app.api('/api/admin/pdf-storage/', { method: 'POST', headers: su.headers, body: form(fields) });
    expect(missing).toMatchObject({ status: 400, body: { pdf_file: ['This field is required.'] } });
    const notPdf = await app.api('/api/admin/pdf-storage/', { method: 'POST', headers: su.headers, body: form(fields, { name: 'x.pdf', content: 'hello' }) });
    expect(notPdf).toMatchObject({ status: 400, body: { pdf_file: ['Upload a valid PDF file.'] } });
    const before = existsSync(join(storage, 'pdf_storage')) ? (await import('node:fs')).readdirSync(join(storage, 'pdf_storage')).length : 0;
    const badUnit = await app.api('/api/admin/pdf-storage/', {
      method: 'POST',
      headers: su.headers,
      body: form({ ...fields, administrative_unit: '999' }, { name: 'x.pdf', content: PDF }),
    });
    expect(badUnit).toMatchObject({ status: 400, body: { administrative_unit: ['Invalid pk "999" - object does not exist.'] } });
    const after = existsSync(join(storage, 'pdf_storage')) ? (await import('node:fs')).readdirSync(join(storage, 'pdf_storage')).length : 0;
    expect(after).toBe(before);
  });
});

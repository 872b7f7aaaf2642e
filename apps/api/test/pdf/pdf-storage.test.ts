import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pragueToday } from '@klub/contracts';
import { PdfStorage } from '@klub/db';
import { makeDonorPaymentChannel, makePayment, makeProfile, makeUnit } from '@klub/db/testing';
import { addDays } from '@klub/domain';
import { fileStorageFor } from '../../src/storage/file-storage.js';
import { useKlubApp, type KlubApp } from '../helpers/klub-app.js';
import { bearer } from '../signups/helpers.js';

const storageDir = mkdtempSync(path.join(tmpdir(), 'klub-pdf-'));

async function makePdf(app: KlubApp, over: { name?: string; relatedIds?: number[]; authorId?: number | null; file?: string } = {}) {
  const em = app.em();
  const unit = await makeUnit(em);
  const key = await fileStorageFor(app.env).save('pdf_storage', over.file ?? 'report.pdf', Buffer.from('%PDF-1.4 test'));
  const pdf = em.create(PdfStorage, {
    name: over.name ?? 'Report',
    topic: 'Topic',
    relatedIds: over.relatedIds ?? [1],
    pdfFile: key,
    administrativeUnit: unit,
    author: over.authorId ? em.getReference('Profile', over.authorId) : null,
  } as never);
  await em.flush();
  return pdf as unknown as { id: number; pdfFile: string };
}

describe('PDF storage (api.md §10), thresholds 100 / 3000', () => {
  const app = useKlubApp({ SUM_LAST_MONTH_PAYMENTS: '100', SUM_LAST_YEAR_PAYMENTS: '3000', STORAGE_DIR: storageDir });
  afterAll(() => rmSync(storageDir, { recursive: true, force: true }));

  async function payingUser(daysAgo: number) {
    const user = await app.user();
    const em = app.em();
    const profile = await em.findOneOrFail('Profile', user.id);
    const channel = await makeDonorPaymentChannel(em, { vs: String(user.id), user: profile as never });
    await makePayment(em, { userDonorPaymentChannel: channel, amount: 200, date: addDays(pragueToday(), -daysAgo) });
    return user;
  }

  it('lists the PDFs of a related id by id, with the author’s display name or null (D34)', async () => {
    const em = app.em();
    const author = await makeProfile(em, { firstName: 'Jan', lastName: 'Novák', titleBefore: 'Ing.', titleAfter: 'Ph.D.' });
    const nameless = await makeProfile(em, { firstName: '', lastName: '', username: 'anon' });
    const company = await makeProfile(em, { kind: 'company', name: 'ACME', firstName: '', lastName: '' });
    const a = await makePdf(app, { name: 'A', relatedIds: [1, 2, 3], authorId: author.id });
    const b = await makePdf(app, { name: 'B', relatedIds: [3, 2, 99, 110], authorId: nameless.id });
    const c = await makePdf(app, { name: 'C', relatedIds: [2], authorId: company.id });
    await makePdf(app, { name: 'D', relatedIds: [4], authorId: null });
    const user = await app.user({ username: 'reader' });
    const res = await app.api('/api/pdf_storage/2/list/', { headers: bearer(user.access) });
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      { id: a.id, name: 'A', topic: 'Topic', author: 'Ing. Novák Jan, Ph.D.', created: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*[+-]\d\d:\d\d$/) },
      { id: b.id, name: 'B', topic: 'Topic', author: 'anon', created: expect.any(String) },
      { id: c.id, name: 'C', topic: 'Topic', author: 'ACME', created: expect.any(String) },
    ]);
    expect((await app.api('/api/pdf_storage/4/list/', { headers: bearer(user.access) })).body).toEqual([
      expect.objectContaining({ name: 'D', author: null }),
    ]);
    expect((await app.api('/api/pdf_storage/5/list', { headers: bearer(user.access) })).body).toEqual([]);
    expect(await app.api('/api/pdf_storage/x/list/', { headers: { ...bearer(user.access), 'accept-language': 'en' } })).toMatchObject({
      status: 404,
      body: { detail: 'Not found.' },
    });
  });

  it('answers the distinct union of related ids', async () => {
    await makePdf(app, { relatedIds: [1, 2, 3] });
    await makePdf(app, { relatedIds: [3, 2, 99, 110] });
    const user = await app.user();
    const res = await app.api('/api/pdf_storage/all_related_ids/', { headers: bearer(user.access) });
    expect(res.status).toBe(200);
    expect((res.body as { ids: number[] }).ids.sort((x, y) => x - y)).toEqual([1, 2, 3, 99, 110]);
  });

  it('gives a paying member a signed download URL that serves the file (reference: 200 six days ago)', async () => {
    const pdf = await makePdf(app);
    const user = await payingUser(6);
    const res = await app.api(`/api/pdf_storage/pdf_file/${pdf.id}/`, { headers: bearer(user.access) });
    expect(res.status).toBe(200);
    const url = (res.body as { download_url: string }).download_url;
    expect(url).toMatch(/^\/upload\/pdf_storage\/[0-9a-f]{16}-report\.pdf\?expires=\d+&signature=[\w-]+$/);
    const file = await fetch(app.url + url);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(await file.text()).toBe('%PDF-1.4 test');
  });

  it('serves a PDF stored under an older name (Django kept the client name, accents and spaces)', async () => {
    const pdf = await makePdf(app);
    const legacy = 'pdf_storage/legacy/Výroční zpráva 2019.pdf';
    mkdirSync(path.join(storageDir, 'pdf_storage', 'legacy'), { recursive: true });
    writeFileSync(path.join(storageDir, legacy), '%PDF-1.4 old');
    await app.em().nativeUpdate(PdfStorage, { id: pdf.id }, { pdfFile: legacy });
    const user = await payingUser(1);
    const res = await app.api(`/api/pdf_storage/pdf_file/${pdf.id}/`, { headers: bearer(user.access) });
    expect(res.status).toBe(200);
    const file = await fetch(app.url + (res.body as { download_url: string }).download_url);
    expect(file.status).toBe(200);
    expect(await file.text()).toBe('%PDF-1.4 old');
  });

  it('serves no stored file without a valid signature, nor any path outside the storage', async () => {
    const pdf = await makePdf(app);
    const plain = await fetch(`${app.url}/upload/${pdf.pdfFile}`);
    expect(plain.status).toBe(404);
    const forged = await fetch(`${app.url}/upload/${pdf.pdfFile}?expires=9999999999&signature=abc`);
    expect(forged.status).toBe(404);
    for (const p of ['/upload/..%2F..%2Fetc%2Fpasswd', '/upload/pdf_storage/..%2F..%2Fpackage.json', '/upload/%2Fetc%2Fpasswd']) {
      expect((await fetch(app.url + p)).status).toBe(404);
    }
  });

  it('answers 404 "Payment for last month doesnt exist" to a member who has not paid (reference: 200 fifty-seven days ago)', async () => {
    const pdf = await makePdf(app);
    const user = await payingUser(57);
    expect(await app.api(`/api/pdf_storage/pdf_file/${pdf.id}/`, { headers: bearer(user.access) })).toMatchObject({
      status: 404,
      body: { detail: 'Payment for last month doesnt exist' },
    });
  });

  it('answers 404 "PDF doesnt exist" for an unknown id, to a paying member', async () => {
    const user = await payingUser(1);
    expect(await app.api('/api/pdf_storage/pdf_file/12345/', { headers: bearer(user.access) })).toMatchObject({
      status: 404,
      body: { detail: 'PDF doesnt exist' },
    });
  });

  it('refuses anonymous callers and OAuth clients', async () => {
    const client = await app.client('read write');
    for (const p of ['/api/pdf_storage/1/list/', '/api/pdf_storage/pdf_file/1/', '/api/pdf_storage/all_related_ids/']) {
      expect((await app.api(p)).status).toBe(403);
      expect((await app.api(p, { headers: bearer(client.token) })).status).toBe(403);
    }
  });
});

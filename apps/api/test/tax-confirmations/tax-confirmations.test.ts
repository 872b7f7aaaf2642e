import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yauzl from 'yauzl';
import { extractText, getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { Profile } from '@klub/db';
import { execute, makeDonorPaymentChannel, makeMoneyAccount, makePayment, makeUnit } from '@klub/db/testing';
import { generateTaxConfirmations } from '@klub/domain';
import { renderTaxConfirmation } from '@klub/pdfs';
import { fileStorageAt } from '@klub/storage';
import { useKlubApp, type KlubApp } from '../helpers/klub-app.js';
import { EN, superuser } from '../admin/helpers.js';

const storage = mkdtempSync(join(tmpdir(), 'klub-api-tax-'));

/** Every entry of a ZIP with its bytes, read back with yauzl. */
function unzip(data: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(data, { lazyEntries: true }, (err, zip) => {
      if (err) return reject(err);
      const entries = new Map<string, Buffer>();
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (e, stream) => {
          if (e) return reject(e);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            entries.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(entries));
      zip.readEntry();
    });
  });
}

async function pdfText(data: Uint8Array): Promise<string> {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(data)), { mergePages: true });
  return text.replace(/\s+/g, ' ');
}

/** A unit with three donors who can log in, their confirmations for 2026 generated. */
async function generated(app: KlubApp) {
  const em = app.em();
  const unit = await makeUnit(em, { name: 'Spolek Čáp' });
  const account = await makeMoneyAccount(em, { administrativeUnit: unit });
  const donors = [];
  for (let i = 0; i < 3; i++) {
    const login = await app.user({ username: `donor${i}`, firstName: 'Jiří', lastName: `Šťastný ${i}` });
    const profile = await em.findOneOrFail(Profile, login.id);
    const channel = await makeDonorPaymentChannel(em, { vs: `880${i}`, user: profile, moneyAccount: account });
    await makePayment(em, { userDonorPaymentChannel: channel, amount: 1000 * (i + 1), date: '2026-06-06' });
    donors.push({ ...login, headers: { authorization: `Bearer ${login.access}`, ...EN } });
  }
  await generateTaxConfirmations(em, { administrativeUnitId: unit.id, year: 2026 }, { files: fileStorageAt(storage), render: renderTaxConfirmation });
  const rows = await execute<Array<{ id: number; profile_id: number; file: string }>>(em, 'select id, profile_id, file from tax_confirmation order by id');
  return { unit, donors, rows };
}

describe('/api/admin/tax_confirmations/ (issue 20)', () => {
  const app = useKlubApp({ STORAGE_DIR: storage });

  it('lists amounts and states, filtered by unit and year, paged', async () => {
    const su = await superuser(app);
    const { unit, rows } = await generated(app);
    const res = await app.api(`/api/admin/tax_confirmations/?administrative_unit=${unit.id}&year=2026&page_size=2`, { headers: su.headers });
    expect(res.status, res.text).toBe(200);
    const body = res.body as { count: number; next: string | null; results: Array<Record<string, unknown>> };
    expect(body.count).toBe(3);
    expect(body.next).toContain('page=2');
    expect(body.results[0]).toEqual({
      id: rows[0]!.id,
      profile: rows[0]!.profile_id,
      name: 'Jiří Šťastný 0',
      administrative_unit: unit.id,
      year: 2026,
      amount: 1000,
      payments: [expect.any(Number)],
      state: 'generated',
      generated_at: expect.any(String),
      sent_at: null,
    });
    const other = await app.api(`/api/admin/tax_confirmations/?year=2025`, { headers: su.headers });
    expect((other.body as { count: number }).count).toBe(0);
  });

  it('streams every file of a unit and year in one ZIP behind a signed link', async () => {
    const su = await superuser(app);
    const { unit, rows } = await generated(app);
    const link = await app.api(`/api/admin/tax_confirmations/zip/?administrative_unit=${unit.id}&year=2026`, { headers: su.headers });
    expect(link.status, link.text).toBe(200);
    const url = (link.body as { download_url: string }).download_url;
    const res = await fetch(app.url + url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    const entries = await unzip(Buffer.from(await res.arrayBuffer()));
    expect([...entries.keys()].sort()).toEqual(rows.map((r) => `potvrzeni-2026-${r.profile_id}.pdf`).sort());
    for (const row of rows) {
      expect(Buffer.compare(entries.get(`potvrzeni-2026-${row.profile_id}.pdf`)!, (await fileStorageAt(storage).read(row.file))!)).toBe(0);
    }
    // The signature covers the unit and year: another unit's ZIP needs its own link.
    expect((await fetch(app.url + url.replace(`-${unit.id}.zip`, `-${unit.id + 1}.zip`))).status).toBe(404);
    expect((await fetch(app.url + url.replace(/signature=[^&]+/, 'signature=x'))).status).toBe(404);
  });

  it('hands out one PDF, previews a donor’s confirmation, and queues generation with a job id', async () => {
    const su = await superuser(app);
    const { unit, rows, donors } = await generated(app);
    const one = await app.api(`/api/admin/tax_confirmations/${rows[1]!.id}/download/`, { headers: su.headers });
    expect(one.status, one.text).toBe(200);
    const pdf = await fetch(app.url + (one.body as { download_url: string }).download_url);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(await pdfText(new Uint8Array(await pdf.arrayBuffer()))).toContain('Jiří Šťastný 1');

    const preview = await app.api(`/api/admin/tax_confirmations/preview/?administrative_unit=${unit.id}&year=2026&profile=${donors[2]!.id}`, { headers: su.headers });
    expect(preview.status, preview.text).toBe(200);
    const text = await pdfText(Buffer.from((preview.body as { data: string }).data, 'base64'));
    expect(text).toContain('Jiří Šťastný 2');
    expect(text).toContain('tři tisíce korun českých');
    const nothing = await app.api(`/api/admin/tax_confirmations/preview/?administrative_unit=${unit.id}&year=2020&profile=${donors[2]!.id}`, { headers: su.headers });
    expect(nothing.status).toBe(404);

    const started = await app.api('/api/admin/tax_confirmations/generate/', { method: 'POST', headers: su.headers, json: { administrative_unit: unit.id, year: 2026 } });
    expect(started.status, started.text).toBe(202);
    expect(started.body).toEqual({ job_id: expect.stringMatching(/^outbox-\d+$/), status_url: expect.stringMatching(/^\/api\/admin\/tax_confirmations\/jobs\/outbox-\d+\/$/) });
    const [queued] = await execute<Array<{ job_name: string; payload: unknown }>>(app.em(), 'select job_name, payload from outbox_message order by id desc limit 1');
    expect(queued).toEqual({ job_name: 'documents.tax-confirmations-generate', payload: { administrativeUnitId: unit.id, year: 2026, requestedBy: su.id } });

    const bad = await app.api('/api/admin/tax_confirmations/generate/', { method: 'POST', headers: su.headers, json: { administrative_unit: unit.id, year: 'x' } });
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ year: ['A valid integer is required.'] });
  });

  it('refuses donors, and shows staff without units nothing (unit scope: unit-scope.test.ts)', async () => {
    const { unit, donors } = await generated(app);
    const res = await app.api(`/api/admin/tax_confirmations/?administrative_unit=${unit.id}`, { headers: donors[0]!.headers });
    expect(res.status).toBe(403);
    const staff = await app.user({ username: 'staff', isStaff: true });
    const none = await app.api(`/api/admin/tax_confirmations/?administrative_unit=${unit.id}`, { headers: { authorization: `Bearer ${staff.access}`, ...EN } });
    expect(none.status).toBe(200);
    expect((none.body as { count: number }).count).toBe(0);
  });
});

describe('/api/frontend/tax_confirmations/ (issue 20)', () => {
  const app = useKlubApp({ STORAGE_DIR: storage });

  it('lists and hands out the caller’s own confirmations only; another person’s is 404', async () => {
    const { unit, rows, donors } = await generated(app);
    const mine = await app.api('/api/frontend/tax_confirmations/', { headers: donors[0]!.headers });
    expect(mine.status, mine.text).toBe(200);
    expect(mine.body).toEqual([
      { id: rows[0]!.id, year: 2026, administrative_unit: unit.id, unit_name: 'Spolek Čáp', amount: 1000, generated_at: expect.any(String) },
    ]);
    const own = await app.api(`/api/frontend/tax_confirmations/${rows[0]!.id}/download/`, { headers: donors[0]!.headers });
    expect(own.status).toBe(200);
    const pdf = await fetch(app.url + (own.body as { download_url: string }).download_url);
    expect(await pdfText(new Uint8Array(await pdf.arrayBuffer()))).toContain('Jiří Šťastný 0');

    const others = await app.api(`/api/frontend/tax_confirmations/${rows[1]!.id}/download/`, { headers: donors[0]!.headers });
    expect(others.status).toBe(404);
    expect(others.body).toEqual({ detail: 'Not found.' });
    expect((await app.api('/api/frontend/tax_confirmations/')).status).toBe(403);
  });
});

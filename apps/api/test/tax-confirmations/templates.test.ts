import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { extractText, getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { Profile } from '@klub/db';
import { execute, makeDonorPaymentChannel, makeMoneyAccount, makePayment, makeUnit } from '@klub/db/testing';
import { DEFAULT_TAX_CONFIRMATION_TEXT_CS, generateTaxConfirmations } from '@klub/domain';
import { renderTaxConfirmation } from '@klub/pdfs';
import { fileStorageAt } from '@klub/storage';
import { useKlubApp } from '../helpers/klub-app.js';
import { superuser } from '../admin/helpers.js';

const storage = mkdtempSync(join(tmpdir(), 'klub-api-tax-template-'));

/** A valid 1×1 PNG (signature, IHDR, IDAT, IEND; CRCs as a decoder checks them). */
function tinyPng(): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = crcTable[(c ^ x) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), body.length + 4);
    return out;
  };
  const ihdr = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.from([0, 0x20, 0x40, 0x60]))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

async function pdfText(data: Uint8Array): Promise<string> {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(data)), { mergePages: true });
  return text.replace(/\s+/g, ' ');
}

describe('/api/admin/tax_confirmations/templates/{unit}/ (issue 20)', () => {
  const app = useKlubApp({ STORAGE_DIR: storage });

  it('answers a unit’s defaults, saves a template with variables and images, and the next generation redraws with it', async () => {
    const su = await superuser(app);
    const em = app.em();
    const unit = await makeUnit(em, { name: 'Spolek Sýkorka' });
    const account = await makeMoneyAccount(em, { administrativeUnit: unit });
    const login = await app.user({ username: 'donor', firstName: 'Řehoř', lastName: 'Žluťoučký' });
    const channel = await makeDonorPaymentChannel(em, { vs: '4242', user: await em.findOneOrFail(Profile, login.id), moneyAccount: account });
    await makePayment(em, { userDonorPaymentChannel: channel, amount: 2500, date: '2026-05-05' });
    const files = fileStorageAt(storage);
    await generateTaxConfirmations(em, { administrativeUnitId: unit.id, year: 2026 }, { files, render: renderTaxConfirmation });
    const url = `/api/admin/tax_confirmations/templates/${unit.id}/`;

    const defaults = await app.api(url, { headers: su.headers });
    expect(defaults.status, defaults.text).toBe(200);
    expect(defaults.body).toMatchObject({ administrative_unit: unit.id, custom: false, text_cs: DEFAULT_TAX_CONFIRMATION_TEXT_CS, text_en: null, logo_url: null, updated: null });
    expect((defaults.body as { variables: string[] }).variables).toContain('amount_words');

    const form = new FormData();
    form.append('issuer_name', 'Sýkorka, z. s.');
    form.append('signatory', 'Marie Nováková, předsedkyně');
    form.append('text_cs', 'Děkujeme, {name}, za {amount} ({amount_words}) v roce {year}.');
    form.append('text_en', 'Thank you, {name}, for {amount} in {year}.');
    form.append('logo', new Blob([tinyPng()], { type: 'image/png' }), 'logo.png');
    const saved = await app.api(url, { method: 'PATCH', headers: su.headers, body: form });
    expect(saved.status, saved.text).toBe(200);
    expect(saved.body).toMatchObject({ custom: true, issuer_name: 'Sýkorka, z. s.', text_en: 'Thank you, {name}, for {amount} in {year}.', signature_url: null });
    const logo = await fetch(app.url + (saved.body as { logo_url: string }).logo_url);
    expect(logo.status).toBe(200);
    expect(Buffer.compare(Buffer.from(await logo.arrayBuffer()), tinyPng())).toBe(0);

    // A JSON change keeps what it does not name; the next generation redraws the confirmation.
    const again = await app.api(url, { method: 'PATCH', headers: su.headers, json: { place: 'Brně' } });
    expect(again.body).toMatchObject({ place: 'Brně', issuer_name: 'Sýkorka, z. s.', logo_url: expect.any(String) });
    const result = await generateTaxConfirmations(em, { administrativeUnitId: unit.id, year: 2026 }, { files, render: renderTaxConfirmation });
    expect(result.rendered).toBe(1);
    const [row] = await execute<Array<{ file: string }>>(em, 'select file from tax_confirmation');
    const text = await pdfText((await files.read(row!.file))!);
    expect(text).toContain('Děkujeme, Řehoř Žluťoučký, za 2 500 Kč (dva tisíce pět set korun českých) v roce 2026.');
    expect(text).toContain('Sýkorka, z. s.');
    expect(text).toContain('V Brně dne');

    // Removing the logo.
    const removed = await app.api(url, { method: 'PATCH', headers: su.headers, json: { logo: null } });
    expect(removed.body).toMatchObject({ logo_url: null });
  });

  it('refuses unknown variables (naming them) and images of another type or too large, with every error at once and nothing saved', async () => {
    const su = await superuser(app);
    const unit = await makeUnit(app.em(), { name: 'Spolek' });
    const url = `/api/admin/tax_confirmations/templates/${unit.id}/`;
    const form = new FormData();
    form.append('text_cs', 'Dárce {name} daroval {castka} a {amount} v roce {rok}.');
    form.append('text_en', 'Fine {name}.');
    form.append('logo', new Blob(['GIF89a......'], { type: 'image/gif' }), 'logo.gif');
    const big = Buffer.concat([tinyPng(), Buffer.alloc(600 * 1024)]);
    form.append('signature', new Blob([big], { type: 'image/png' }), 'signature.png');
    const res = await app.api(url, { method: 'PATCH', headers: su.headers, body: form });
    expect(res.status, res.text).toBe(400);
    const body = res.body as Record<string, string[]>;
    expect(Object.keys(body).sort()).toEqual(['logo', 'signature', 'text_cs']);
    expect(body.text_cs![0]).toMatch(/^Unknown variable \{castka\}, \{rok\}\. Use one of: \{name\}/);
    expect(body.logo).toEqual(['Upload a PNG or JPEG image.']);
    expect(body.signature).toEqual(['The image must be at most 512 KB.']);
    expect((await app.api(url, { headers: su.headers })).body).toMatchObject({ custom: false });

    // Czech by default.
    const cs = await app.api(url, { method: 'PATCH', headers: { authorization: su.headers.authorization! }, json: { text_cs: 'Dar {x}' } });
    expect(cs.status).toBe(400);
    expect((cs.body as Record<string, string[]>).text_cs![0]).toMatch(/^Neznámá proměnná \{x\}\. Použijte některou z: /);

    const blank = await app.api(url, { method: 'PATCH', headers: su.headers, json: { text_cs: '' } });
    expect(blank.body).toEqual({ text_cs: ['This field may not be blank.'] });
    expect((await app.api(`/api/admin/tax_confirmations/templates/${unit.id + 100}/`, { headers: su.headers })).status).toBe(404);
    expect((await app.api(`/api/admin/tax_confirmations/templates/${unit.id + 100}/`, { method: 'PATCH', headers: su.headers, json: { place: 'x' } })).status).toBe(404);
  });
});

import { deflateSync } from 'node:zlib';
import type { TaxConfirmationDocument } from '@klub/contracts';
import { extractText, getDocumentProxy, getMeta } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { renderTaxConfirmation } from '../src/index.js';

/** A small solid PNG, made here so the test needs no image file. */
function png(width: number, height: number): Uint8Array {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) raw.set([0x20, 0x80, 0x40], y * (width * 3 + 1) + 1 + x * 3);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const doc: TaxConfirmationDocument = {
  lang: 'cs',
  issuer: {
    name: 'Spolek přátel Žďáru',
    address: 'Dlouhá 1, 110 00 Praha',
    ico: '87654321',
    logo: png(40, 20),
    signature: png(60, 20),
    place: 'Praze',
    signatory: 'Petra Nováková, předsedkyně',
  },
  donor: { name: 'Jiří Šťastný', address: 'Nádražní 5, 591 01 Žďár nad Sázavou', kind: 'user', birthDate: '29. 2. 1980', ico: '' },
  year: 2026,
  amount: 12500,
  amountFigures: '12\u00a0500\u00a0Kč',
  amountWords: 'dvanáct tisíc pět set korun českých',
  issuedOn: '20. 1. 2027',
  paragraphs: ['Potvrzujeme, že dárce Jiří Šťastný poskytl v roce 2026 dar. Příliš žluťoučký kůň úpěl ďábelské ódy.'],
  title: 'Potvrzení o přijetí daru 2026 – Jiří Šťastný',
};

describe('the tax confirmation PDF (issue 20)', () => {
  it('holds the donor’s name, the amount in figures and in words, with Czech diacritics intact', async () => {
    const pdf = await renderTaxConfirmation(doc);
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf)), { mergePages: true });
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain('Jiří Šťastný');
    expect(flat).toMatch(/12 500 Kč/);
    expect(flat).toContain('dvanáct tisíc pět set korun českých');
    expect(flat).toContain('Příliš žluťoučký kůň úpěl ďábelské ódy.');
    expect(flat).toContain('Potvrzení o přijetí daru 2026');
    expect(flat).toContain('V Praze dne 20. 1. 2027');
  });

  it('embeds its font, sets the metadata and stays small', async () => {
    const pdf = await renderTaxConfirmation(doc);
    const { info } = await getMeta(await getDocumentProxy(new Uint8Array(pdf)));
    expect(info).toMatchObject({ Title: doc.title, Author: 'Spolek přátel Žďáru', Creator: 'Klub' });
    const raw = pdf.toString('latin1');
    expect(raw).toMatch(/\/FontFile2/); // the TrueType program is inside the file
    expect(raw).toMatch(/NotoSans/);
    expect(pdf.length).toBeLessThan(40_000);
  });
});

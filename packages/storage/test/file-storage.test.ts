import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalFileStorage, MAX_KEY_LENGTH, SignedFileUrls, fileStorageAt, isStoredName } from '../src/index.js';

const base = mkdtempSync(path.join(tmpdir(), 'klub-storage-'));
const root = path.join(base, 'root');
mkdirSync(root);
// A file next to the root, which no key may reach.
writeFileSync(path.join(base, 'secret.txt'), 'outside');
afterAll(() => rmSync(base, { recursive: true, force: true }));

const storage = new LocalFileStorage(root);

describe('the naming scheme', () => {
  it('names a file <kind>/<16 hex>-<safe name> and reads it back', async () => {
    const key = await storage.save('pdf_storage', 'report.pdf', Buffer.from('%PDF-1.4'));
    expect(key).toMatch(/^pdf_storage\/[0-9a-f]{16}-report\.pdf$/);
    expect(readFileSync(path.join(root, key), 'utf8')).toBe('%PDF-1.4');
    expect((await storage.read(key))?.toString()).toBe('%PDF-1.4');
    const opened = await storage.open(key);
    expect(opened?.size).toBe(8);
    opened?.stream.destroy();
  });

  it('keeps only the last segment of a client name, in safe ASCII', async () => {
    expect(await storage.save('account_statements', '../../etc/Výpis září 2026.csv', Buffer.from('x'))).toMatch(
      /^account_statements\/[0-9a-f]{16}-Vypis_zari_2026\.csv$/,
    );
    expect(await storage.save('event_photos', 'C:\\Users\\me\\.hidden.png', Buffer.from('x'))).toMatch(
      /^event_photos\/[0-9a-f]{16}-hidden\.png$/,
    );
    expect(await storage.save('event_photos', 'žž', Buffer.from('x'))).toMatch(/^event_photos\/[0-9a-f]{16}-zz$/);
    expect(await storage.save('event_photos', '///', Buffer.from('x'))).toMatch(/^event_photos\/[0-9a-f]{16}-file$/);
  });

  it('fits a long name into the varchar(100) columns, keeping its extension', async () => {
    const key = await storage.save('account_statements', `${'a'.repeat(300)}.csv`, Buffer.from('x'));
    expect(key.length).toBe(MAX_KEY_LENGTH);
    expect(key).toMatch(/^account_statements\/[0-9a-f]{16}-a+\.csv$/);
  });

  it('never gives the same name twice for the same upload', async () => {
    const keys = await Promise.all(Array.from({ length: 20 }, () => storage.save('pdf_storage', 'same.pdf', Buffer.from('x'))));
    expect(new Set(keys).size).toBe(20);
  });

  it('refuses a kind that is not a plain folder name', async () => {
    for (const kind of ['', '..', 'a/b', '../x', 'Pdf']) {
      await expect(storage.save(kind, 'x.pdf', Buffer.from('x'))).rejects.toThrow('invalid storage kind');
    }
  });
});

describe('reading stored names', () => {
  it('reads files stored under older names (Django, earlier schemes)', async () => {
    mkdirSync(path.join(root, 'account-statements'));
    writeFileSync(path.join(root, 'account-statements', 'pohyby_kb.csv'), 'django');
    mkdirSync(path.join(root, 'account_statements'), { recursive: true });
    writeFileSync(path.join(root, 'account_statements', '0b7e4d0e-9b1c-4f5e-8a51-0d4c1f0f2a11.csv'), 'uuid');
    writeFileSync(path.join(root, 'bare.csv'), 'bare');
    expect((await storage.read('account-statements/pohyby_kb.csv'))?.toString()).toBe('django');
    expect((await storage.read('account_statements/0b7e4d0e-9b1c-4f5e-8a51-0d4c1f0f2a11.csv'))?.toString()).toBe('uuid');
    expect((await storage.read('bare.csv'))?.toString()).toBe('bare');
  });

  it('answers undefined for a missing file or a folder', async () => {
    expect(await storage.read('pdf_storage/nothing.pdf')).toBeUndefined();
    expect(await storage.read('pdf_storage')).toBeUndefined();
    expect(await storage.open('pdf_storage')).toBeUndefined();
  });

  it('refuses any name that could leave the root, before touching the disk', async () => {
    const escapes = [
      '../secret.txt',
      'pdf_storage/../../secret.txt',
      path.join(base, 'secret.txt'),
      '/etc/passwd',
      '..\\secret.txt',
      'pdf_storage/./x',
      'a\u0000b',
      '',
      'pdf_storage/.tmp-0123',
    ];
    for (const key of escapes) {
      expect(isStoredName(key), key).toBe(false);
      expect(await storage.read(key), key).toBeUndefined();
      expect(await storage.open(key), key).toBeUndefined();
      await storage.remove(key);
    }
    expect(readFileSync(path.join(base, 'secret.txt'), 'utf8')).toBe('outside');
  });

  it('removes a stored file, and a missing one is no error', async () => {
    const key = await storage.save('pdf_storage', 'gone.pdf', Buffer.from('x'));
    await storage.remove(key);
    expect(await storage.read(key)).toBeUndefined();
    await storage.remove(key);
  });
});

describe('atomic writes', () => {
  it('shows no file under its name until it is complete, and leaves nothing when the write fails', async () => {
    const dir = path.join(root, 'atomic');
    let seenWhileWriting: string[] = [];
    async function* failing() {
      yield Buffer.from('first half;');
      seenWhileWriting = readdirSync(dir).filter((f) => !f.startsWith('.'));
      throw new Error('client went away');
    }
    await expect(storage.save('atomic', 'half.csv', failing())).rejects.toThrow('client went away');
    expect(seenWhileWriting).toEqual([]);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('writes a streamed upload whole', async () => {
    async function* chunks() {
      yield Buffer.from('a;');
      yield Buffer.from('b\n');
    }
    const key = await storage.save('atomic', 'whole.csv', chunks());
    expect((await storage.read(key))?.toString()).toBe('a;b\n');
    expect(readdirSync(path.join(root, 'atomic'))).toEqual([key.split('/')[1]]);
  });
});

describe('fileStorageAt', () => {
  it('is one storage per directory', () => {
    expect(fileStorageAt(root)).toBe(fileStorageAt(`${root}/`));
    expect(fileStorageAt(root).root).toBe(path.resolve(root));
  });
});

describe('signed URLs', () => {
  const urls = new SignedFileUrls('k'.repeat(50));

  it('signs a key for a while, and nothing else', () => {
    const url = urls.url('pdf_storage/abc-report.pdf', 60);
    const m = /^\/upload\/pdf_storage\/abc-report\.pdf\?expires=(\d+)&signature=([\w-]+)$/.exec(url);
    expect(m).not.toBeNull();
    expect(urls.verify('pdf_storage/abc-report.pdf', m![1], m![2])).toBe(true);
    expect(urls.verify('pdf_storage/other.pdf', m![1], m![2])).toBe(false);
    expect(urls.verify('pdf_storage/abc-report.pdf', String(Number(m![1]) + 1), m![2])).toBe(false);
    expect(new SignedFileUrls('x'.repeat(50)).verify('pdf_storage/abc-report.pdf', m![1], m![2])).toBe(false);
    expect(urls.verify('pdf_storage/abc-report.pdf', undefined, m![2])).toBe(false);
    expect(urls.verify('pdf_storage/abc-report.pdf', m![1], 'short')).toBe(false);
  });

  it('refuses an expired signature', () => {
    const url = urls.url('pdf_storage/x.pdf', -10);
    const q = new URL(url, 'http://x').searchParams;
    expect(urls.verify('pdf_storage/x.pdf', q.get('expires')!, q.get('signature')!)).toBe(false);
  });
});

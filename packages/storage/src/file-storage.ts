import { randomBytes } from 'node:crypto';
import { createReadStream, type ReadStream } from 'node:fs';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * The one place uploaded files live: bank statements, PDFs for paying members and event photos,
 * written by the API (and its CLI) and read by the API and the worker.
 *
 * Naming: `<kind>/<16 hex random>-<safe name>` (e.g. `pdf_storage/3f…a1-report.pdf`). The storage
 * chooses every name, never a caller; the random part comes first so uploads never meet, the
 * client's file name only adds ASCII letters, digits, `.`, `_` and `-`, and a name fits the
 * `varchar(100)` columns that hold it (`pdf_file`, `csv_file`, `main_photo`, …).
 *
 * Reading accepts any relative name under the root, so files stored under older names (Django's
 * `account-statements/…`, earlier `account_statements/<uuid>.csv`) stay readable; a name that is
 * absolute, has a `.`-led segment (`..`, temp files), a backslash or a NUL is refused before the
 * disk is touched, and the resolved path must stay under the root.
 *
 * Writes are atomic: the bytes go to a temp file in the same directory, are synced, then renamed
 * to the name, so a reader never sees half a file and a failed write leaves nothing behind.
 */
export interface FileStorage {
  /** Store `data` under a fresh name in `kind` (`[a-z0-9_-]`) and return that name (the key). */
  save(kind: string, filename: string, data: Uint8Array | AsyncIterable<Uint8Array>): Promise<string>;
  /** The stored file's bytes, or undefined when there is none (or the key is not acceptable). */
  read(key: string): Promise<Buffer | undefined>;
  /** The stored file as a stream with its size, or undefined when there is none. */
  open(key: string): Promise<{ stream: ReadStream; size: number } | undefined>;
  /** Remove a stored file; a missing one is no error. */
  remove(key: string): Promise<void>;
}

/** Longest key the database columns holding one take (Django FileField's `max_length`). */
export const MAX_KEY_LENGTH = 100;

const KIND = /^[a-z0-9_-]{1,40}$/;
const RANDOM_HEX = 16;

/** Can `key` name a stored file (old or new scheme)? Says nothing about whether it exists. */
export function isStoredName(key: string): boolean {
  if (key.length === 0 || key.length > 255 || key.startsWith('/')) return false;
  // eslint-disable-next-line no-control-regex
  if (/[\\\u0000-\u001f\u007f]/.test(key)) return false;
  return key.split('/').every((segment) => segment.length > 0 && !segment.startsWith('.'));
}

/** The first segment of a key: the kind it was stored as (`event_photos`, `pdf_storage`, …). */
export function kindOf(key: string): string {
  const slash = key.indexOf('/');
  return slash < 0 ? '' : key.slice(0, slash);
}

/**
 * A client's file name reduced to its last path segment in safe ASCII, at most `max` characters,
 * keeping the extension when it has to be shortened (`Výpis září.csv` → `Vypis_zari.csv`).
 */
export function safeFileName(filename: string, max: number): string {
  const base = filename.split(/[\\/]/).pop() ?? '';
  const cleaned = base
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^[._-]+/, '');
  const name = cleaned || 'file';
  if (name.length <= max) return name;
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 && name.length - dot <= 10 ? name.slice(dot) : '';
  return name.slice(0, Math.max(1, max - ext.length)) + ext;
}

/** A fresh key in the one naming scheme: `<kind>/<random>-<safe name>`, at most MAX_KEY_LENGTH long. */
export function newKey(kind: string, filename: string): string {
  if (!KIND.test(kind)) throw new Error(`invalid storage kind ${JSON.stringify(kind)}`);
  const prefix = `${kind}/${randomBytes(RANDOM_HEX / 2).toString('hex')}-`;
  return prefix + safeFileName(filename, MAX_KEY_LENGTH - prefix.length);
}

/** File storage on the local disk under `root` (`STORAGE_DIR`). */
export class LocalFileStorage implements FileStorage {
  readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  /** The file of `key` under the root, or undefined for a key that could leave it. */
  pathOf(key: string): string | undefined {
    if (!isStoredName(key)) return undefined;
    const full = path.resolve(this.root, key);
    return full.startsWith(this.root + path.sep) ? full : undefined;
  }

  async save(kind: string, filename: string, data: Uint8Array | AsyncIterable<Uint8Array>): Promise<string> {
    const key = newKey(kind, filename);
    const full = this.pathOf(key);
    if (!full) throw new Error(`invalid storage key ${JSON.stringify(key)}`);
    const dir = path.dirname(full);
    await mkdir(dir, { recursive: true });
    // Same directory, so the rename stays on one file system and is atomic; `.`-led, so it is
    // never a readable key.
    const temp = path.join(dir, `.tmp-${randomBytes(8).toString('hex')}`);
    try {
      const handle = await open(temp, 'wx');
      try {
        // writeFile continues at the handle's position, so chunks follow each other.
        if (data instanceof Uint8Array) await handle.writeFile(data);
        else for await (const chunk of data) await handle.writeFile(chunk);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, full);
    } catch (err) {
      await rm(temp, { force: true });
      throw err;
    }
    return key;
  }

  async read(key: string): Promise<Buffer | undefined> {
    const full = this.pathOf(key);
    if (!full) return undefined;
    try {
      return await readFile(full);
    } catch (err) {
      if (isMissing(err)) return undefined;
      throw err;
    }
  }

  async open(key: string): Promise<{ stream: ReadStream; size: number } | undefined> {
    const full = this.pathOf(key);
    if (!full) return undefined;
    const info = await stat(full).catch(() => undefined);
    if (!info?.isFile()) return undefined;
    return { stream: createReadStream(full), size: info.size };
  }

  async remove(key: string): Promise<void> {
    const full = this.pathOf(key);
    if (full) await rm(full, { force: true });
  }
}

function isMissing(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR';
}

const storages = new Map<string, LocalFileStorage>();

/** The storage of a `STORAGE_DIR`, one per directory. */
export function fileStorageAt(dir: string): LocalFileStorage {
  const root = path.resolve(dir);
  let storage = storages.get(root);
  if (!storage) {
    storage = new LocalFileStorage(root);
    storages.set(root, storage);
  }
  return storage;
}

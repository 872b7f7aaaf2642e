import { createHmac, randomBytes } from 'node:crypto';
import { createReadStream, type ReadStream } from 'node:fs';
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { constantTimeEqual } from '@klub/domain';

/**
 * Uploaded files (PDFs of api.md §10, bank statements, event photos) behind one small
 * interface, so object storage can replace the local disk. Files are addressed by keys the
 * storage makes (`<folder>/<random>-<name>`), never by a path a caller sends; a key that does
 * not look like one of ours is refused before the disk is touched.
 */
export interface FileStorage {
  /** Store `data` in `folder` under a fresh key, which is returned. */
  save(folder: string, filename: string, data: Uint8Array): Promise<string>;
  /** A URL for `key`: root-relative, signed, and valid for `ttlSeconds`. */
  signedUrl(key: string, ttlSeconds?: number): string;
  /** Is `signature` valid for `key` until `expires` (unix seconds)? */
  verify(key: string, expires: string | undefined, signature: string | undefined): boolean;
  /** The stored file as a stream, or undefined when there is none. */
  open(key: string): Promise<{ stream: ReadStream; size: number } | undefined>;
  remove(key: string): Promise<void>;
}

const KEY = /^[a-z0-9_-]{1,40}\/[A-Za-z0-9][A-Za-z0-9._-]{0,150}$/;
const DEFAULT_TTL = 15 * 60;

/** Folders whose files anyone may fetch without a signature (event photos are public data). */
export const PUBLIC_FOLDERS: ReadonlySet<string> = new Set(['event_photos']);

export function isStorageKey(key: string): boolean {
  return KEY.test(key) && !key.includes('..');
}

/** The last path segment of a client's file name, reduced to safe characters. */
function safeName(filename: string): string {
  const base = filename.split(/[\\/]/).pop() ?? '';
  const cleaned = base
    .normalize('NFKD')
    .replace(/[^\w.-]+/g, '_')
    .replace(/^[._-]+/, '')
    .slice(-100);
  return cleaned || 'file';
}

export class LocalFileStorage implements FileStorage {
  private readonly root: string;

  constructor(
    root: string,
    private readonly secret: string,
    /** Where the files are served, root-relative. */
    private readonly urlPrefix = '/upload/',
  ) {
    this.root = path.resolve(root);
  }

  /** The file of `key` under the root, or undefined for anything that is not a key of ours. */
  private pathOf(key: string): string | undefined {
    if (!isStorageKey(key)) return undefined;
    const full = path.resolve(this.root, key);
    return full.startsWith(this.root + path.sep) ? full : undefined;
  }

  async save(folder: string, filename: string, data: Uint8Array): Promise<string> {
    const key = `${folder}/${randomBytes(8).toString('hex')}-${safeName(filename)}`;
    const full = this.pathOf(key);
    if (!full) throw new Error(`invalid storage folder ${JSON.stringify(folder)}`);
    await mkdir(path.dirname(full), { recursive: true });
    await writeFile(full, data, { flag: 'wx' });
    return key;
  }

  private sign(key: string, expires: number): string {
    return createHmac('sha256', this.secret).update(`klub.storage\u0000${key}\u0000${expires}`).digest('base64url');
  }

  signedUrl(key: string, ttlSeconds = DEFAULT_TTL): string {
    const expires = Math.floor(Date.now() / 1000) + ttlSeconds;
    const encoded = key.split('/').map(encodeURIComponent).join('/');
    return `${this.urlPrefix}${encoded}?expires=${expires}&signature=${this.sign(key, expires)}`;
  }

  verify(key: string, expires: string | undefined, signature: string | undefined): boolean {
    if (!expires || !signature || !/^\d{1,12}$/.test(expires)) return false;
    if (Number(expires) < Date.now() / 1000) return false;
    return constantTimeEqual(this.sign(key, Number(expires)), signature);
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

const storages = new Map<string, FileStorage>();

/** The storage of a configuration (`STORAGE_DIR`, signed with `SECRET_KEY`), one per directory. */
export function fileStorageFor(env: { STORAGE_DIR: string; SECRET_KEY: string }): FileStorage {
  const id = `${path.resolve(env.STORAGE_DIR)}\u0000${env.SECRET_KEY}`;
  let storage = storages.get(id);
  if (!storage) {
    storage = new LocalFileStorage(env.STORAGE_DIR, env.SECRET_KEY);
    storages.set(id, storage);
  }
  return storage;
}

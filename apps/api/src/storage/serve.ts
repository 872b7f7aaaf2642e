import type { RequestHandler } from 'express';
import { MSG } from '@klub/contracts';
import { PUBLIC_FOLDERS, isStorageKey, type FileStorage } from './file-storage.js';

const TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
};

/**
 * `GET /upload/<key>`: a stored file. Private folders (paid PDFs, bank statements) need the
 * signature of `FileStorage.signedUrl`; a missing, expired or wrong one is a plain 404, as is
 * anything that is not a storage key.
 */
export function serveStoredFiles(storage: FileStorage): RequestHandler {
  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const notFound = () => void res.status(404).json({ detail: MSG.notFound });
    let key: string;
    try {
      key = decodeURIComponent(req.path.replace(/^\//, ''));
    } catch {
      return notFound();
    }
    if (!isStorageKey(key)) return notFound();
    const folder = key.slice(0, key.indexOf('/'));
    const q = req.query as Record<string, unknown>;
    const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
    if (!PUBLIC_FOLDERS.has(folder) && !storage.verify(key, str(q.expires), str(q.signature))) return notFound();
    storage
      .open(key)
      .then((file) => {
        if (!file) return notFound();
        const ext = key.slice(key.lastIndexOf('.') + 1).toLowerCase();
        res.setHeader('Content-Type', TYPES[ext] ?? 'application/octet-stream');
        res.setHeader('Content-Length', String(file.size));
        res.setHeader('Cache-Control', PUBLIC_FOLDERS.has(folder) ? 'public, max-age=3600' : 'private, no-store');
        file.stream.on('error', next);
        file.stream.pipe(res);
      })
      .catch(next);
  };
}

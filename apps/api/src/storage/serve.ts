import type { RequestHandler } from 'express';
import { MSG } from '@klub/contracts';
import { isStoredName, kindOf, type FileStorage, type SignedFileUrls } from '@klub/storage';
import { PUBLIC_KINDS } from './file-storage.js';

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
 * signature of `SignedFileUrls.url`; a missing, expired or wrong one is a plain 404, as is
 * anything that is not a stored name (nothing outside STORAGE_DIR, no temp file).
 */
export function serveStoredFiles(storage: FileStorage, urls: SignedFileUrls): RequestHandler {
  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const notFound = () => void res.status(404).json({ detail: MSG.notFound });
    let key: string;
    try {
      key = decodeURIComponent(req.path.replace(/^\//, ''));
    } catch {
      return notFound();
    }
    if (!isStoredName(key)) return notFound();
    const isPublic = PUBLIC_KINDS.has(kindOf(key));
    const q = req.query as Record<string, unknown>;
    const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
    if (!isPublic && !urls.verify(key, str(q.expires), str(q.signature))) return notFound();
    storage
      .open(key)
      .then((file) => {
        if (!file) return notFound();
        const ext = key.slice(key.lastIndexOf('.') + 1).toLowerCase();
        res.setHeader('Content-Type', TYPES[ext] ?? 'application/octet-stream');
        res.setHeader('Content-Length', String(file.size));
        res.setHeader('Cache-Control', isPublic ? 'public, max-age=3600' : 'private, no-store');
        file.stream.on('error', next);
        file.stream.pipe(res);
      })
      .catch(next);
  };
}

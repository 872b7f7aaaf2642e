import type { Request } from 'express';
import type { FileUrl } from './event.js';

/** Local storage URLs: `http://<host>/upload/<path>`, absolute as DRF renders them. */
export function fileUrlFor(req: Pick<Request, 'protocol' | 'get'>): FileUrl {
  const base = `${req.protocol}://${req.get('host') ?? 'localhost'}/upload/`;
  return (path) => (path ? base + path.split('/').map(encodeURIComponent).join('/') : null);
}

import type { Request } from 'express';
import type { FileUrl } from './event.js';

/** Local storage URLs: `http://<host>/upload/<path>`, absolute as DRF renders them. */
export function fileUrlFor(req: Pick<Request, 'protocol' | 'get'>): FileUrl {
  const base = uploadBaseFor(req);
  return (path) => (path ? base + path.split('/').map(encodeURIComponent).join('/') : null);
}

/** `<protocol>://<host>/upload/`: what a stored path is appended to (escaped per segment). */
export function uploadBaseFor(req: Pick<Request, 'protocol' | 'get'>): string {
  return `${req.protocol}://${req.get('host') ?? 'localhost'}/upload/`;
}

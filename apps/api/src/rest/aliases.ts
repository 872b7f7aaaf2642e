import type { RequestHandler } from 'express';

/**
 * Alternative paths of api.md §1.1 (D2, D3). A procedure has one path, so an alias is a
 * rewrite of `req.url` before the REST handler: same handler, one entry in the docs.
 * Paths are relative to the `/api` mount; matching is case-insensitive like the handler's.
 */
const ALIASES: ReadonlyArray<readonly [RegExp, string]> = [
  [/^\/bronto\/event(\/.*)?$/i, '/event$1'],
  [/^\/bronto\/administrative_unit(\/?)$/i, '/administrative_unit$1'],
  [/^\/register-userprofile(\/?)$/i, '/register_userprofile/'],
  [/^\/frontend\/location(\/.*)?$/i, '/frontend/locations$1'],
];

/** The canonical path for `pathname` (unchanged when it is no alias). */
export function canonicalPath(pathname: string): string {
  for (const [pattern, target] of ALIASES) {
    if (pattern.test(pathname)) return pathname.replace(pattern, target);
  }
  return pathname;
}

export const rewriteAliases: RequestHandler = (req, _res, next) => {
  const q = req.url.indexOf('?');
  const pathname = q < 0 ? req.url : req.url.slice(0, q);
  const canonical = canonicalPath(pathname);
  if (canonical !== pathname) req.url = canonical + (q < 0 ? '' : req.url.slice(q));
  next();
};

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import express, { Router, type RequestHandler } from 'express';

export const WEB_APP_PATH = '/app';

/** The back office's build (`apps/web/dist`), found from this file under both `src/` (tsx) and `dist/` (node). */
export const DEFAULT_WEB_APP_DIR = fileURLToPath(new URL('../../web/dist', import.meta.url));

/**
 * The staff back office (`apps/web`) at `/app/`: no second server in production. Hashed assets
 * (`/app/assets/<name>-<hash>.js`) never change, so they are cached for a year; `index.html`
 * names the current ones, so it is never cached. Any other path under `/app/` is a client-side
 * route and gets `index.html`.
 */
export function webApp(dir: string = DEFAULT_WEB_APP_DIR): RequestHandler {
  const router = Router();
  router.use((req, res, next) => {
    // `/app` without the slash: the app's relative asset URLs need it.
    if (req.originalUrl === WEB_APP_PATH || req.originalUrl.startsWith(`${WEB_APP_PATH}?`)) {
      res.redirect(301, `${WEB_APP_PATH}/${req.originalUrl.slice(WEB_APP_PATH.length)}`);
      return;
    }
    next();
  });
  const index = path.join(dir, 'index.html');
  router.use(
    '/assets',
    express.static(path.join(dir, 'assets'), { immutable: true, maxAge: '365d', index: false, fallthrough: false }),
  );
  router.use(
    express.static(dir, { index: false, maxAge: 0, setHeaders: (res) => res.setHeader('Cache-Control', 'no-cache') }),
  );
  router.get(/.*/, (_req, res) => {
    if (!existsSync(index)) {
      res.status(404).json({ detail: 'The back office is not built: run `pnpm build`.' });
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return router;
}

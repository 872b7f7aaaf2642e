import express, { type Request, type RequestHandler, type Router } from 'express';
import swaggerUi from 'swagger-ui-express';
import type { OpenAPIObject } from 'trpc-to-openapi';
import { docsAnchor } from './openapi.js';
import { pathnameOf, type RouteTable } from './route-table.js';

/**
 * API documentation (api.md §11): `GET /api/openapi.json` and `GET /api/docs/?format=openapi`
 * give the document; `/api/docs/` is Swagger UI, served from swagger-ui-dist (works offline).
 * Mounted on the `/api` router.
 */
export function docsRoutes(doc: OpenAPIObject): Router {
  const r = express.Router();
  r.get('/openapi.json', (_req, res) => {
    res.json(doc);
  });
  r.get('/docs', (req, res, next) => {
    if (req.query.format === 'openapi') res.json(doc);
    else next();
  });
  const options = {
    customSiteTitle: 'Klub přátel API',
    swaggerOptions: { deepLinking: true, persistAuthorization: true, displayRequestDuration: true },
  };
  r.use('/docs', swaggerUi.serveFiles(doc, options), swaggerUi.setup(doc, options));
  return r;
}

/** Does the client want a web page (a browser), judged by the first type it accepts? */
export function prefersHtml(req: Request): boolean {
  const first = (req.headers.accept ?? '').split(',')[0]?.split(';')[0]?.trim().toLowerCase();
  return first === 'text/html';
}

/**
 * A person opening an endpoint in a browser lands on its documentation: a GET whose Accept
 * header starts with `text/html` is redirected to the operation's Swagger UI anchor. API
 * clients (JSON, `*\/*`) are not affected.
 */
export function docsRedirect(routes: RouteTable, doc: OpenAPIObject, docsPath = '/api/docs/'): RequestHandler {
  return (req, res, next) => {
    if (req.method !== 'GET' || !prefersHtml(req)) return next();
    const pathname = pathnameOf(req.url);
    if (pathname === '/' || pathname === '') return res.redirect(302, docsPath);
    const candidates = routes.matching(pathname);
    const route = candidates.find((r) => r.method === 'GET') ?? candidates[0];
    if (!route) return next();
    res.redirect(302, `${docsPath}${docsAnchor(doc, route) ?? ''}`);
  };
}

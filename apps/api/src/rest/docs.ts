import express, { type Request, type RequestHandler, type Router } from 'express';
import swaggerUi from 'swagger-ui-express';
import type { OpenAPIObject } from 'trpc-to-openapi';
import { docsAnchor } from './openapi.js';
import { pathnameOf, type RouteTable } from './route-table.js';

/**
 * API documentation (api.md §11): `GET /api/openapi.json` and `GET /api/docs/?format=openapi`
 * give the document; `/api/docs/` is Swagger UI, served from swagger-ui-dist (works offline).
 * Mounted on the `/api` router. Like every path, both answer with and without the trailing
 * slash and never redirect (api.md §1.1, D1).
 */
export function docsRoutes(doc: OpenAPIObject): Router {
  const r = express.Router();
  r.get('/openapi.json', (_req, res) => {
    res.json(doc);
  });
  const options = {
    customSiteTitle: 'Klub přátel API',
    swaggerOptions: { deepLinking: true, persistAuthorization: true, displayRequestDuration: true },
  };
  // The page names its scripts and styles relative to itself (`./swagger-ui.css`), which from
  // `/api/docs` would mean `/api/swagger-ui.css`: the slash-less page names them under `docs/`.
  const page = swaggerUi.generateHTML(doc, options);
  const slashlessPage = page.replace(/(src|href)="\.\//g, '$1="./docs/');
  r.get('/docs', (req, res) => {
    if (req.query.format === 'openapi') res.json(doc);
    else res.type('html').send(req.path.endsWith('/') ? page : slashlessPage);
  });
  // Express's static files would answer `/docs` with a 301 to `/docs/`; the page above comes first.
  r.use('/docs', swaggerUi.serveFiles(doc, options));
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

import type { Request, RequestHandler, Response } from 'express';
import { MSG, pickLang, translateBody } from '@klub/contracts';
import type { DrfError } from '../trpc/init.js';
import { pathnameOf, type RouteTable } from './route-table.js';

/**
 * DRF error bodies on the REST surface (api.md §1.5, STYLE.md §2.5). trpc-to-openapi's error
 * body cannot be configured (stack.md §7), so `res.end` is wrapped: an error body that carries
 * `data.drf` (set by the errorFormatter) is replaced by that status, body and headers. Every
 * other JSON error under `/api` is already DRF-shaped. All of them are then translated to the
 * request's language (api.md §1.4). A 204 goes out without a body or content type.
 */

interface HandlerErrorBody {
  data?: { drf?: DrfError };
  issues?: Array<{ path?: PropertyKey[] }>;
}

const isJsonResponse = (res: Response) => /json/i.test(String(res.getHeader('content-type') ?? ''));

function rewrite(req: Request, res: Response, routes: RouteTable, text: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return text;
  }
  let body: unknown = parsed;
  const handlerBody = parsed as HandlerErrorBody;
  const drf = handlerBody?.data?.drf;
  if (drf) {
    res.statusCode = drf.status;
    for (const [name, value] of Object.entries(drf.headers)) res.setHeader(name, value);
    // An error whose body has nothing in it is one the contract sends with an empty body (api.md §6.3, §6.4).
    if (Object.keys(drf.body).length === 0) return '';
    body = drf.body;
    // A malformed path parameter ({id} that is not an integer) names no object: 404, not 400 (api.md §1.1).
    if (drf.status === 400 && handlerBody.issues?.length) {
      const route = routes.lookup(req.method, pathnameOf(req.url));
      const params = new Set(Object.keys(route?.pathInput ?? {}));
      if (handlerBody.issues.some((i) => params.has(String(i.path?.[0])))) {
        res.statusCode = 404;
        body = { detail: MSG.notFound };
      }
    }
  }
  return JSON.stringify(translateBody(body, pickLang(req.headers['accept-language'])));
}

export function drfErrors(routes: RouteTable): RequestHandler {
  return (req, res, next) => {
    const end = res.end.bind(res) as (...args: unknown[]) => Response;
    res.end = ((...args: unknown[]) => {
      if (res.statusCode === 204) {
        res.removeHeader('Content-Type');
        res.removeHeader('Content-Length');
        const cb = args.find((a) => typeof a === 'function');
        return cb ? end(cb) : end();
      }
      const [chunk, ...rest] = args;
      if (res.statusCode >= 400 && !res.headersSent && isJsonResponse(res) && (typeof chunk === 'string' || Buffer.isBuffer(chunk))) {
        const text = rewrite(req, res, routes, chunk.toString());
        if (text === '') res.removeHeader('Content-Type');
        res.setHeader('Content-Length', Buffer.byteLength(text));
        return end(text, ...rest.filter((a) => typeof a === 'function'));
      }
      // A procedure with a void output answers "empty body" (api.md §1.3): no JSON, so no JSON type either.
      if (chunk === undefined && !res.headersSent) res.removeHeader('Content-Type');
      return end(...args);
    }) as Response['end'];
    next();
  };
}

import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { MSG } from '@klub/contracts';
import { isAppError, MethodNotAllowed } from '@klub/domain';
import type { CreateContext } from '../trpc/context.js';
import { checkPolicy } from '../trpc/policy.js';
import { pathnameOf, type RouteTable } from './route-table.js';

/**
 * Runs after the REST handler, which passes on every request it has no procedure for.
 * A known path with another method is 405 + `Allow` (trpc-to-openapi would say 404), but
 * only after the auth check of that path's policy: an anonymous caller of a protected
 * POST-only endpoint gets the 403 of api.md §2, not 405 (§1.1). Anything else is 404.
 */
export function methodFallback(routes: RouteTable, createContext: CreateContext): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    void (async () => {
      const candidates = routes.matching(pathnameOf(req.url));
      if (candidates.length === 0) {
        res.status(404).json({ detail: MSG.notFound });
        return;
      }
      const allow = candidates.map((r) => r.method);
      if (req.method === 'OPTIONS') {
        res.setHeader('Allow', [...allow, 'OPTIONS'].join(', '));
        res.status(204).end();
        return;
      }
      const ctx = await createContext({ req, res });
      let refusal: unknown;
      const admitted = candidates.some((route) => {
        try {
          checkPolicy(route.meta.policy ?? 'PUBLIC', ctx.actor, route.type);
          return true;
        } catch (e) {
          refusal ??= e;
          return false;
        }
      });
      if (!admitted && !isAppError(refusal)) throw refusal;
      const error = admitted || !isAppError(refusal) ? new MethodNotAllowed(req.method, allow) : refusal;
      for (const [name, value] of Object.entries(error.headers())) res.setHeader(name, value);
      res.status(error.status).json(error.body());
    })().catch(next);
  };
}

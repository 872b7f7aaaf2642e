import { createProcedureCache, normalizePath, type OpenApiMethod, type OpenApiRouter } from 'trpc-to-openapi';
import type { AnyProcedure, AnyRouter } from '@trpc/server';
import type { Meta } from '../trpc/init.js';

export const REST_METHODS: readonly OpenApiMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

export interface Route {
  method: OpenApiMethod;
  /** The tRPC path, e.g. `frontend.events.list`. */
  procedurePath: string;
  type: 'query' | 'mutation' | 'subscription';
  meta: Meta;
  procedure: AnyProcedure;
  /** Path parameters matched from the URL (`{id}` → `"12"`). */
  pathInput: Record<string, string>;
}

export interface RouteTable {
  /** The route for `method` + `pathname` (relative to `/api`, slash or not), if any. */
  lookup(method: string, pathname: string): Route | undefined;
  /** Every route whose path matches `pathname`, whatever its method. */
  matching(pathname: string): Route[];
  /** All REST routes, in router order. */
  all(): Route[];
}

/** The REST routes of `router`, matched exactly as trpc-to-openapi matches them. */
export function createRouteTable(router: AnyRouter): RouteTable {
  const cache = createProcedureCache(router as OpenApiRouter);
  const procedures = router._def.procedures as Record<string, AnyProcedure>;

  const lookup = (method: string, pathname: string): Route | undefined => {
    const found = cache(method as OpenApiMethod, normalizePath(pathname));
    if (!found?.procedure) return undefined;
    const { procedure: entry } = found;
    const procedure = entry.procedure as AnyProcedure;
    return {
      method: method as OpenApiMethod,
      procedurePath: entry.path,
      type: entry.type,
      meta: (procedure._def.meta ?? {}),
      procedure,
      pathInput: found.pathInput,
    };
  };

  const all = (): Route[] =>
    Object.entries(procedures).flatMap(([procedurePath, procedure]) => {
      const meta = (procedure._def.meta ?? {}) as Meta;
      if (!meta.openapi || meta.openapi.enabled === false) return [];
      return [{ method: meta.openapi.method, procedurePath, type: procedure._def.type, meta, procedure, pathInput: {} }];
    });

  return {
    lookup,
    matching: (pathname) => REST_METHODS.map((m) => lookup(m, pathname)).filter((r): r is Route => r !== undefined),
    all,
  };
}

/** The path of a request URL relative to the mount, without its query. */
export function pathnameOf(url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}

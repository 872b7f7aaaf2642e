import { randomUUID } from 'node:crypto';
import express, { type ErrorRequestHandler, type Express, type Request, type RequestHandler, type Response } from 'express';
import type { AnyProcedure, AnyRouter } from '@trpc/server';
import { createExpressMiddleware } from '@trpc/server/adapters/express';
import {
  createOpenApiNodeHttpHandler,
  getInputOutputParsers,
  instanceofZodTypeCoercible,
  instanceofZodTypeObject,
  unwrapZodType,
} from 'trpc-to-openapi';
import type { z } from 'zod';
import type { MikroORM } from '@mikro-orm/postgresql';
import { unsubscribeRoutes } from './unsubscribe.js';
import type { Redis as RateLimitRedis } from 'ioredis';
import { MSG } from '@klub/contracts';
import { isAppError } from '@klub/domain';
import { logRequest } from './cache/request-log.js';
import type { ResponseCache } from './cache/response-cache.js';
import type { KeyedEnv } from '@klub/config';
import { healthRoutes, type RedisPing } from './health.js';
import { accessLogger, type Logger } from './logger.js';
import { rewriteAliases } from './rest/aliases.js';
import { bodyErrorHandler, bodyParsers, DEFAULT_BODY_LIMITS, queryLists, type BodyLimits } from './rest/body-parsers.js';
import { docsRedirect, docsRoutes } from './rest/docs.js';
import { drfErrors } from './rest/drf-errors.js';
import { methodFallback } from './rest/method-fallback.js';
import { buildOpenApiDocument } from './rest/openapi.js';
import { createRouteTable, pathnameOf, type RouteTable } from './rest/route-table.js';
import { appRouter } from './routers/index.js';
import { fileStorageFor, signedFileUrlsFor } from './storage/file-storage.js';
import { serveStoredFiles } from './storage/serve.js';
import { personExportZipRoute } from './data-protection/person-export-route.js';
import { serveTaxConfirmationZips, TAX_CONFIRMATION_ZIP_PATH } from './storage/tax-confirmation-zip.js';
import type { CaptchaVerifier } from './security/captcha.js';
import { cors } from './security/cors.js';
import { requestTimeout, securityHeaders } from './security/http.js';
import { createServices, type SharedServices } from './services.js';
import { makeCreateContext, requestIdOf, type ActorResolver } from './trpc/context.js';
import { errorIdOf, isConnectionFailure, isUnexpected, type Meta } from './trpc/init.js';
import { parsePolicy } from './trpc/policy.js';
import { fastReads, type FastReadsObserver } from './reads/fast-reads.js';
import { WEB_APP_PATH, webApp } from './web-app.js';

export interface AppDeps {
  env: KeyedEnv;
  orm: Pick<MikroORM, 'em'>;
  logger: Logger;
  /** Resolves the one actor of a request (the auth module's `createActorResolver`). */
  resolveActor: ActorResolver;
  redis?: RedisPing;
  /** Defaults to the real `appRouter`; tests pass their own. */
  router?: AnyRouter;
  /** The process's shared services; the app builds the rest itself (services.ts). */
  services?: SharedServices;
  bodyLimits?: BodyLimits;
  version?: string;
  /** The rate limiter's Redis connection (security/rate-limits.ts); without it no limits apply. */
  rateLimitRedis?: RateLimitRedis;
  /** bull-board, mounted at `/admin/queues` (jobs/queue-dashboard.ts). */
  queueDashboard?: RequestHandler;
  /** Replaces the CAPTCHA verifier built from the env (tests). */
  captcha?: CaptchaVerifier;
  /** Keeps opted-in read answers (cache/); serve it with `withResponseCache`. */
  responseCache?: ResponseCache;
  /** The back office's build served at `/app/` (web-app.ts); defaults to `apps/web/dist`. */
  webAppDir?: string;
  /** False sends the hot reads through their procedures too (reads/fast-reads.ts; tests compare both). */
  fastReads?: false | FastReadsObserver;
}

/** Every procedure must state a policy api.md knows (STYLE.md §2.4); a typo fails the boot. */
function assertPolicies(router: AnyRouter): void {
  for (const [path, procedure] of Object.entries(router._def.procedures as Record<string, AnyProcedure>)) {
    const policy = (procedure._def.meta as Meta | undefined)?.policy;
    if (!policy || !parsePolicy(policy)) {
      throw new Error(`Procedure ${path} has no valid meta.policy (${String(policy)}); build it with a builder from trpc/procedures.ts`);
    }
  }
}

/**
 * trpc-to-openapi switches on `coerce` *in place* for bare number/boolean/bigint/date schemas of
 * a REST input (top level and nested objects), for every later parse, tRPC calls included: then
 * `null` becomes 0, `"false"` becomes true. The DRF builders of `@klub/contracts` (`field.*`)
 * are not affected, so a bare one is refused at boot.
 */
export function coercedInputFields(router: AnyRouter): string[] {
  const found: string[] = [];
  const walk = (schema: z.ZodType, where: string) => {
    const shape = (schema as unknown as { shape?: Record<string, z.ZodType> }).shape ?? {};
    for (const [key, value] of Object.entries(shape)) {
      const inner = unwrapZodType(value, false);
      if (instanceofZodTypeCoercible(inner)) found.push(`${where}.${key}`);
      else if (instanceofZodTypeObject(inner)) walk(inner, `${where}.${key}`);
    }
  };
  for (const route of createRouteTable(router).all()) {
    const { inputParser } = getInputOutputParsers(route.procedure as never);
    const top = unwrapZodType(inputParser, true);
    if (instanceofZodTypeObject(top)) walk(top, route.procedurePath);
  }
  return found;
}

/**
 * The express app: `/trpc` for typed clients, `/api` for the DRF-compatible REST contract and
 * its docs, `/healthz` and `/readyz`. Nothing here reads globals; main.ts passes everything in.
 */
export function createApp(deps: AppDeps): Express {
  const router = deps.router ?? appRouter;
  assertPolicies(router);
  const coerced = coercedInputFields(router);
  if (coerced.length) {
    throw new Error(`REST inputs must use field.* from @klub/contracts, not bare z.number()/z.boolean()/z.date(): ${coerced.join(', ')}`);
  }
  const routes = createRouteTable(router);
  const doc = buildOpenApiDocument(router, { version: deps.version });
  const procedures = router._def.procedures as Record<string, AnyProcedure>;
  const services = createServices({ ...deps, shared: deps.services });
  const createContext = makeCreateContext({
    ...deps,
    services,
    attemptsNoAuthentication: noAuthenticationRequests(procedures, routes),
  });

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  // Behind a proxy, client addresses (rate limits, logs) and https pagination links come from X-Forwarded-*.
  app.set('trust proxy', deps.env.TRUST_PROXY);

  // First, so that it sees the bytes that finally leave.
  if (deps.responseCache) app.use(deps.responseCache.middleware());
  const access = accessLogger(deps.logger);
  app.use((req, res, next) => {
    const requestId = requestIdOf(req);
    res.locals.requestId = requestId;
    res.setHeader('X-Request-Id', requestId);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      logRequest(access, {
        requestId,
        method: req.method,
        url: req.originalUrl,
        // Set by the procedure middleware (security/abuse-guard.ts); absent for docs, health and 404s.
        route: res.locals.route as string | undefined,
        caller: res.locals.caller as string | undefined,
        status: res.statusCode,
        started,
      });
    });
    next();
  });
  app.use(securityHeaders());
  app.use(requestTimeout(deps.env.REQUEST_TIMEOUT_MS, deps.logger));
  if (deps.env.CORS_ORIGINS.length) app.use(cors(deps.env.CORS_ORIGINS));

  app.use(healthRoutes({ orm: deps.orm, redis: deps.redis }));
  app.use(unsubscribeRoutes({ orm: deps.orm, secretKey: deps.env.SECRET_KEY }));

  const logError = (error: Parameters<typeof isUnexpected>[0], requestId: unknown, path: string | undefined) => {
    if (isConnectionFailure(error.cause)) deps.logger.warn({ requestId, path, err: error.cause }, 'service unavailable');
    else if (isUnexpected(error)) deps.logger.error({ requestId, errorId: errorIdOf(error), path, err: error.cause ?? error }, 'unhandled error');
  };

  app.use(
    '/trpc',
    createExpressMiddleware({
      router,
      createContext,
      onError: ({ error, path, req }) => logError(error, requestIdOf(req), path),
    }),
  );

  const rest = createOpenApiNodeHttpHandler({
    router,
    // Mounted in express, so the node request/response are express's.
    createContext: ({ req, res }) => createContext({ req: req as Request, res: res as Response }),
    maxBodySize: (deps.bodyLimits ?? DEFAULT_BODY_LIMITS).jsonBytes,
    responseMeta: ({ paths, errors }) => {
      const path = paths?.length === 1 ? paths[0] : undefined;
      if (errors.length || !path) return {};
      const status = (procedures[path]?._def.meta as Meta | undefined)?.successStatus;
      return status ? { status } : {};
    },
    onError: ({ error, path, req }) => logError(error, requestIdOf(req), path),
  });

  const api = express.Router();
  api.use(rewriteAliases);
  api.use((req, _res, next) => {
    // HEAD is GET without a body; Node drops the body because the response was created for HEAD.
    if (req.method === 'HEAD') req.method = 'GET';
    next();
  });
  api.use(drfErrors(routes));
  api.use(docsRoutes(doc));
  api.use(docsRedirect(routes, doc));
  if (deps.fastReads !== false) {
    api.use(fastReads({ env: deps.env, orm: deps.orm, resolveActor: deps.resolveActor, services, procedures, observer: deps.fastReads }));
  }
  api.use(bodyParsers(routes, deps.bodyLimits));
  api.use(queryLists(routes));
  api.use(personExportZipRoute(createContext, fileStorageFor(deps.env)));
  api.use((req, res, next) => void rest(req, res, next));
  api.use(methodFallback(routes, createContext));
  api.use(bodyErrorHandler);
  app.use('/api', api);
  app.use('/upload', serveStoredFiles(fileStorageFor(deps.env), signedFileUrlsFor(deps.env)));
  app.use(
    TAX_CONFIRMATION_ZIP_PATH,
    serveTaxConfirmationZips({ orm: deps.orm, storage: fileStorageFor(deps.env), secret: deps.env.SECRET_KEY, logger: deps.logger }),
  );
  if (deps.queueDashboard) app.use('/admin/queues', deps.queueDashboard);
  app.use(WEB_APP_PATH, webApp(deps.webAppDir));

  app.use((_req, res) => {
    res.status(404).json({ detail: MSG.notFound });
  });

  // The last word on any error: JSON, never Express's HTML page, never a stack or a message of a bug.
  const finalHandler: ErrorRequestHandler = (err: unknown, req, res, _next) => {
    const requestId = res.locals.requestId as string | undefined;
    if (isAppError(err)) {
      for (const [k, v] of Object.entries(err.headers())) res.setHeader(k, v);
      if (!res.headersSent) res.status(err.status).json(err.body());
      return;
    }
    const e = err as { status?: unknown; statusCode?: unknown; expose?: unknown; message?: unknown };
    const status = typeof e.status === 'number' ? e.status : typeof e.statusCode === 'number' ? e.statusCode : 500;
    const outage = isConnectionFailure(err);
    const errorId = status >= 500 && !outage ? randomUUID() : undefined;
    if (outage) deps.logger.warn({ requestId, err, url: req.originalUrl }, 'service unavailable');
    else if (errorId) deps.logger.error({ requestId, errorId, err, url: req.originalUrl }, 'unhandled error');
    if (res.headersSent) {
      res.end();
      return;
    }
    if (outage) {
      res.setHeader('Retry-After', '5');
      res.status(503).json({ detail: MSG.serviceUnavailable });
    } else if (status >= 400 && status < 500) {
      res.status(status).json({ detail: e.expose === true && typeof e.message === 'string' ? e.message : 'Bad request.' });
    } else {
      res.status(500).json({ detail: MSG.serverError, error_id: errorId });
    }
  };
  app.use(finalHandler);

  return app;
}

/**
 * Which requests are for procedures with `meta.authenticates === false`: on `/trpc`, when every
 * procedure of the (batched) call is one; on `/api`, by the route of the method and path.
 */
function noAuthenticationRequests(procedures: Record<string, AnyProcedure>, routes: RouteTable): (req: Request) => boolean {
  const names = new Set(
    Object.entries(procedures)
      .filter(([, p]) => (p._def.meta as Meta | undefined)?.authenticates === false)
      .map(([path]) => path),
  );
  return (req) => {
    const path = pathnameOf(req.url);
    if (req.baseUrl === '/trpc') return path.slice(1).split(',').every((name) => names.has(name));
    if (req.baseUrl !== '/api') return false;
    const route = routes.lookup(req.method, path);
    return route !== undefined && names.has(route.procedurePath);
  };
}

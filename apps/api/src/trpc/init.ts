import { randomUUID } from 'node:crypto';
import { initTRPC, TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { TRPC_ERROR_CODES_BY_KEY, type TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';
import type { OpenApiMeta } from 'trpc-to-openapi';
import { MSG, isZodError, issuesToFieldErrors, translate, translateBody } from '@klub/contracts';
import { isAppError, ServiceUnavailable, type ErrorBody } from '@klub/domain';
import { cacheProcedureCall } from '../cache/procedure-cache.js';
import type { CachePolicy } from '../cache/response-cache.js';
import { guardProcedureCall } from '../security/abuse-guard.js';
import type { Context } from './context.js';
import type { Policy } from './policy.js';

/** What a procedure states besides its REST route (STYLE.md §2.4). */
// A type alias, not an interface: trpc-to-openapi wants meta assignable to Record<string, unknown>.
export type KlubMeta = {
  /** The api.md §16 words for its permission rule; set by the builder in procedures.ts. */
  policy?: Policy;
  /** False for endpoints that ignore the Authorization header (the token endpoints, api.md §3.2). */
  authenticates?: false;
  /** DRF's success status where it is not 200 (201 on create, 204 on delete). */
  successStatus?: 201 | 202 | 204;
  /** Paginated list (api.md §1.6): `paginate`/`pageWindow` may be called and the docs say so. */
  paginated?: boolean;
  /**
   * The REST answer may be kept by the response cache (cache/response-cache.ts). Only for
   * queries that read and never write; they stay exact, `seconds` bounds clock-dependent answers.
   */
  cache?: CachePolicy;
};

export type Meta = OpenApiMeta<KlubMeta>;

/** An error as both transports send it: the HTTP status, DRF body and extra headers. */
export interface DrfError {
  status: number;
  body: ErrorBody;
  headers: Record<string, string>;
}

const STATUS_TO_CODE: Record<number, TRPC_ERROR_CODE_KEY> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  402: 'PAYMENT_REQUIRED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_SUPPORTED',
  408: 'TIMEOUT',
  409: 'CONFLICT',
  412: 'PRECONDITION_FAILED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE_CONTENT',
  429: 'TOO_MANY_REQUESTS',
  500: 'INTERNAL_SERVER_ERROR',
  501: 'NOT_IMPLEMENTED',
  502: 'BAD_GATEWAY',
  503: 'SERVICE_UNAVAILABLE',
  504: 'GATEWAY_TIMEOUT',
};

/** The tRPC code for an HTTP status (tRPC clients branch on it). */
export function codeForStatus(status: number): TRPC_ERROR_CODE_KEY {
  return STATUS_TO_CODE[status] ?? (status >= 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST');
}

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EPIPE', 'EAI_AGAIN']);
// 57P01–57P03: server shutting down / cannot connect now; 53300: too many connections.
const PG_UNAVAILABLE = new Set(['57P01', '57P02', '57P03', '53300']);
// Class 08 is "connection exception", but 08P01 (protocol violation) is a statement the server
// could not read, e.g. text holding U+0000: a bug on our side on a connection that still works.
const isPgConnectionClass = (code: string) => /^08/.test(code) && code !== '08P01';

// node-postgres, knex and ioredis report a lost or refused connection with these texts (no code).
const CONNECTION_MESSAGES =
  /Timeout acquiring a connection|Connection terminated|Connection is closed|timeout exceeded when trying to connect|not queryable|Cannot use a pool after calling end|Query read timeout/i;

/** A lost or refused PostgreSQL/Redis connection: a 503 the client may retry, not a bug. */
export function isConnectionFailure(error: unknown): boolean {
  let e: unknown = error;
  for (let depth = 0; e instanceof Error && depth < 6; depth++) {
    if (e.name === 'ConnectionException' || e.name === 'MaxRetriesPerRequestError') return true;
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (CONNECTION_CODES.has(code) || PG_UNAVAILABLE.has(code) || isPgConnectionClass(code))) return true;
    if (CONNECTION_MESSAGES.test(e.message)) return true;
    // Dual-stack connects fail with an AggregateError of one error per address.
    if (e instanceof AggregateError && e.errors.some((inner) => isConnectionFailure(inner))) return true;
    e = e.cause;
  }
  return false;
}

/**
 * The one mapping from a thrown error to what the client sees (STYLE.md §2.5). Only an
 * `AppError` chooses its body; library errors get DRF's fixed texts; anything else is a bug
 * and becomes a generic 500 whose message never leaves the server.
 */
export function toDrfError(error: TRPCError, input: unknown): DrfError {
  const cause = error.cause;
  if (isAppError(cause)) return { status: cause.status, body: cause.body(), headers: cause.headers() };
  if (isConnectionFailure(cause) || isConnectionFailure(error)) {
    const e = new ServiceUnavailable();
    return { status: e.status, body: e.body(), headers: e.headers() };
  }
  if (error.code === 'BAD_REQUEST' && isZodError(cause)) {
    return { status: 400, body: issuesToFieldErrors(cause.issues, input), headers: {} };
  }
  switch (error.code) {
    case 'NOT_FOUND':
      return { status: 404, body: { detail: MSG.notFound }, headers: {} };
    case 'PARSE_ERROR':
      return { status: 400, body: { detail: MSG.jsonParseError(cause?.message ?? error.message) }, headers: {} };
    case 'PAYLOAD_TOO_LARGE':
      return { status: 413, body: { detail: MSG.requestTooLarge }, headers: {} };
    case 'INTERNAL_SERVER_ERROR':
      return { status: 500, body: { detail: MSG.serverError }, headers: {} };
    default: {
      const status = getHTTPStatusCodeFromError(error);
      // A TRPCError thrown on purpose with a 4xx code carries a message meant for the client.
      return { status, body: { detail: status >= 500 ? MSG.serverError : error.message }, headers: {} };
    }
  }
}

/** Is this error a bug (to be logged with its stack) rather than an answer? */
export function isUnexpected(error: TRPCError): boolean {
  return !isAppError(error.cause) && toDrfError(error, undefined).status >= 500 && !isConnectionFailure(error.cause);
}

const errorIds = new WeakMap<object, string>();

/**
 * The id of an unexpected error: in the 500 body (`error_id`) and in the log line, so a report
 * from a client finds the stack. One error has one id, whichever of the formatter and the
 * error hook asks first.
 */
export function errorIdOf(error: object): string {
  let id = errorIds.get(error);
  if (!id) errorIds.set(error, (id = randomUUID()));
  return id;
}

const t = initTRPC
  .context<Context>()
  .meta<Meta>()
  .create({
    // Stacks never leave the server, in any environment (stack.md G8).
    isDev: false,
    errorFormatter({ shape, error, input, ctx }) {
      const drfError = toDrfError(error, input);
      const raw = isUnexpected(error) ? { ...drfError, body: { ...drfError.body, error_id: errorIdOf(error) } } : drfError;
      // Localised here for /trpc; the REST rewriter translates again, which leaves Czech text as it is.
      const lang = ctx?.lang ?? 'cs';
      const drf = { ...raw, body: translateBody(raw.body, lang) };
      const code = codeForStatus(drf.status);
      const detail = typeof drf.body.detail === 'string' ? drf.body.detail : undefined;
      // Field errors have no one message; tRPC clients read `data.drf.body` for them.
      const message = drf.status >= 500 ? MSG.serverError : (detail ?? (isAppError(error.cause) ? error.cause.message : 'Invalid input.'));
      return {
        message: translate(message, lang),
        code: TRPC_ERROR_CODES_BY_KEY[code],
        data: { code, httpStatus: drf.status, path: shape.data.path, drf },
      };
    },
  });

export const router = t.router;
export const middleware = t.middleware;
export const mergeRouters = t.mergeRouters;
export const createCallerFactory = t.createCallerFactory;
/**
 * The bare builder; routers use the policy builders of procedures.ts instead. Every procedure,
 * token endpoints included, passes the abuse guard (rate limits, CAPTCHA, request-log fields),
 * the response cache's bookkeeping and the outage check, in that order. They are one tRPC
 * middleware calling each other: every tRPC middleware copies the call's options twice, which
 * costs more than most of what these do.
 */
export const baseProcedure = t.procedure.use((opts) =>
  guardProcedureCall({
    ...opts,
    next: () => cacheProcedureCall({ ...opts, next: () => answerOrUnavailable(opts.ctx, opts.next) }),
  }),
);

async function answerOrUnavailable<R extends { ok: true } | { ok: false; error: TRPCError }>(
  ctx: Context,
  next: () => Promise<R>,
): Promise<R> {
  const result = await next();
  if (result.ok || !isUnexpected(result.error) || (await databaseAnswers(ctx))) return result;
  // node-postgres, knex and MikroORM word a lost connection in more ways than any list holds
  // (a failed rollback on a dead socket, a transaction already closed by the loss): an error we
  // do not recognise while the database does not answer is the outage, and the client may retry.
  ctx.log.warn({ err: result.error.cause ?? result.error, path: ctx.res.locals.route as unknown }, 'service unavailable (database not answering)');
  throw new TRPCError({ code: 'SERVICE_UNAVAILABLE', cause: new ServiceUnavailable() });
}

/** Whether PostgreSQL answers a trivial query now (asked only after an unexpected error). */
async function databaseAnswers(ctx: Context): Promise<boolean> {
  try {
    await ctx.em.getConnection().execute('select 1');
    return true;
  } catch {
    return false;
  }
}
export { TRPCError };

import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request, Response } from 'express';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { pickLang, type Lang } from '@klub/contracts';
import type { Actor } from '../auth/actor.js';
import type { PasswordLogins } from '../auth/password-logins.js';
import type { KeyedEnv } from '@klub/config';
import type { Logger } from '../logger.js';
import type { AppServices } from '../services.js';

/** The auth module's resolver (api.md §2.1); `passwords` checks Basic credentials within the login rate limits. */
export type ActorResolver = (req: IncomingMessage, em: EntityManager, res: ServerResponse | undefined, passwords: PasswordLogins) => Promise<Actor>;

export interface Context {
  req: Request;
  res: Response;
  /** A fork of the ORM's EntityManager for this request only (STYLE.md §2.7). */
  em: EntityManager;
  /** Exactly one actor per request; the policy builders narrow it. */
  actor: Actor;
  /** Language of framework messages (api.md §1.4); the REST layer translates with it. */
  lang: Lang;
  /** Logger whose lines carry the request id. */
  log: RequestLogger;
  requestId: string;
  env: KeyedEnv;
  services: AppServices;
}

export interface ContextDeps {
  env: KeyedEnv;
  orm: Pick<MikroORM, 'em'>;
  logger: Logger;
  resolveActor: ActorResolver;
  services?: AppServices;
  /**
   * Requests for endpoints that attempt no authentication (the token endpoints, api.md §3.2):
   * their Authorization header is not resolved, so an OAuth client's Basic credentials are not
   * taken for a user's login (nor counted as a failed one).
   */
  attemptsNoAuthentication?: (req: Request) => boolean;
}

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** The logging methods a procedure uses. */
export type RequestLogger = Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;

/**
 * The request's child logger, made on first use: a pino child runs the redaction over its
 * bindings when it is made (1.7 % of a sign-up's CPU), and most requests log nothing but their
 * access line, which has a logger of its own.
 */
function requestLogger(logger: Logger, requestId: string): RequestLogger {
  let child: Logger | undefined;
  const method =
    (level: keyof RequestLogger) =>
    (...args: unknown[]) =>
      (child ??= logger.child({ requestId }))[level](...(args as Parameters<Logger['info']>));
  return { debug: method('debug'), info: method('info'), warn: method('warn'), error: method('error') };
}

/** The request id: the caller's `X-Request-Id` when it is sane, else a new uuid. */
export function requestIdOf(req: IncomingMessage, res?: ServerResponse): string {
  // Express links the two (`req.res`), so error hooks that only get `req` find the same id.
  const response = (res ?? (req as Partial<Request>).res) as Response | undefined;
  const known: unknown = response?.locals?.requestId;
  if (typeof known === 'string') return known;
  const header = req.headers['x-request-id'];
  const given = Array.isArray(header) ? header[0] : header;
  return given && REQUEST_ID.test(given) ? given : randomUUID();
}

/** The context factory both transports (`/trpc` and `/api`) share. */
export function makeCreateContext(deps: ContextDeps) {
  const services = deps.services ?? ({} as AppServices);
  return async function createContext({ req, res }: { req: Request; res: Response }): Promise<Context> {
    const requestId = requestIdOf(req, res);
    const log = requestLogger(deps.logger, requestId);
    const em = deps.orm.em.fork();
    const actor: Actor = deps.attemptsNoAuthentication?.(req)
      ? { kind: 'anonymous' }
      : await deps.resolveActor(req, em, res, services.passwords);
    const lang = pickLang(req.headers['accept-language']);
    return { req, res, em, actor, lang, log, requestId, env: deps.env, services };
  };
}

export type CreateContext = ReturnType<typeof makeCreateContext>;

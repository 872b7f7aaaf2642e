import type { AnyProcedure } from '@trpc/server';
import type { Request, RequestHandler, Response } from 'express';
import type { MikroORM } from '@mikro-orm/postgresql';
import { pragueToday } from '@klub/contracts';
import {
  ADMINISTRATIVE_UNITS_JSON_SQL,
  EXOTIC,
  PAID_SUMS_SQL,
  PUBLIC_EVENT_DETAIL_JSON_SQL,
  PUBLIC_EVENT_PAGE_JSON_SQL,
  paidSumsSince,
} from '@klub/domain';
import type { KeyedEnv } from '@klub/config';
import type { Actor } from '../auth/actor.js';
import { declareCachedAnswer } from '../cache/procedure-cache.js';
import { GENERAL_LIMIT_TAKEN } from '../security/abuse-guard.js';
import { pageWindow, parsePage, parsePageSize } from '../rest/pagination.js';
import { uploadBaseFor } from '../serializers/file-url.js';
import type { AppServices } from '../services.js';
import type { ActorResolver } from '../trpc/context.js';
import type { Meta } from '../trpc/init.js';
import { positional, rawQueryOf, type NamedStatement, type RawQuery } from './pg-query.js';

/**
 * The hot public reads answered without the framework (issue 21): `GET /api/event/` (pages by
 * number, default order, no filters), `/api/event/{id}/`, `/api/administrative_unit/` and
 * `/api/check_last_payment/` (a JWT user). Each is one statement whose JSON text PostgreSQL
 * builds (domain events/event-json.ts, catalogue.ts) and which goes to the socket as it is: no
 * tRPC call, no zod, no ORM, no serializer.
 *
 * Only the plain, successful case is answered here. Anything else (another parameter, another
 * spelling of the path, a cookie or an Authorization header on a public read, a 404, an invalid
 * page, a value the SQL cannot write as JavaScript would, any error) goes on to the procedure,
 * unchanged, which answers as it always has. What is answered here is byte for byte the
 * procedure's answer (test/reads/fast-reads.test.ts compares the two), with the same rate limit
 * (the abuse guard's own check), the same request-log fields and the same response-cache
 * declarations (the procedure's own `meta.cache`).
 *
 * Mounted in the `/api` router after the alias rewrite, the DRF error wrapper and the docs
 * redirect, so it sees canonical paths and browsers have been sent to the docs already.
 */

export interface FastReadsDeps {
  env: KeyedEnv;
  orm: Pick<MikroORM, 'em'>;
  resolveActor: ActorResolver;
  services: AppServices;
  /** The router's procedures by path: their `meta.cache` is what is declared here too. */
  procedures: Record<string, AnyProcedure>;
  observer?: FastReadsObserver | undefined;
}

/** Tests: told of each request answered here. */
export interface FastReadsObserver {
  answered?: (procedure: string) => void;
}

const EVENT_PAGE: NamedStatement = { name: 'klub_fast_event_page', text: PUBLIC_EVENT_PAGE_JSON_SQL };
const EVENT_DETAIL: NamedStatement = { name: 'klub_fast_event_detail', text: PUBLIC_EVENT_DETAIL_JSON_SQL };
const UNITS: NamedStatement = { name: 'klub_fast_units', text: ADMINISTRATIVE_UNITS_JSON_SQL };
const PAID_SUMS: NamedStatement = { name: 'klub_fast_paid_sums', text: positional(PAID_SUMS_SQL) };

/** A route's answer: the JSON text (undefined: an empty body), or `null` to let the procedure answer. */
type Answer = { body: string | undefined } | null;

interface Call {
  req: Request;
  res: Response;
  query: URLSearchParams;
  actor: Actor;
}

interface Route {
  procedure: string;
  /** Query parameters this handler understands; any other sends the request on. */
  params: readonly string[];
  /** Public reads answer the anonymous caller only; `user` takes a JWT bearer. */
  caller: 'anonymous' | 'jwt-user';
  answer: (call: Call, cache: (named?: Record<string, Iterable<number>>) => void) => Promise<Answer>;
}

const DIGITS = /^[1-9]\d{0,8}$/;

/** One value per parameter, and only known parameters; else null. */
function queryOf(search: string, allowed: readonly string[]): URLSearchParams | null {
  const query = new URLSearchParams(search);
  const seen = new Set<string>();
  for (const key of query.keys()) {
    if (!allowed.includes(key) || seen.has(key)) return null;
    seen.add(key);
  }
  return query;
}

const exotic = (text: string) => text.includes(EXOTIC);

export function fastReads(deps: FastReadsDeps): RequestHandler {
  const query: RawQuery = rawQueryOf(deps.orm);
  const { env, services } = deps;

  const eventList: Route = {
    procedure: 'public.events.list',
    params: ['page', 'page_size'],
    caller: 'anonymous',
    async answer({ req, query: q }, cache) {
      const page = parsePage(q.get('page') ?? undefined);
      if (page === 'last') return null;
      const pageSize = parsePageSize(q.get('page_size') ?? undefined);
      const [row] = await query(EVENT_PAGE, [pageSize, (page - 1) * pageSize, uploadBaseFor(req)]);
      const [count, results] = row as [number, string];
      if (exotic(results)) return null;
      const meta = deps.procedures[this.procedure]?._def.meta as Meta | undefined;
      const rawInput = Object.fromEntries(q);
      // The procedure's own links and page check (404 Invalid page → the procedure answers it).
      const w = pageWindow({ req, call: { path: this.procedure, type: 'query', meta, rawInput } }, count);
      if (w.page !== page || w.pageSize !== pageSize) return null;
      cache();
      const envelope = JSON.stringify(w.envelope([]));
      return { body: `${envelope.slice(0, -'[]}'.length)}${results}}` };
    },
  };

  const eventDetail = (id: number): Route => ({
    procedure: 'public.events.retrieve',
    params: ['interaction_type_id'],
    caller: 'anonymous',
    async answer({ req, query: q }, cache) {
      const type = q.get('interaction_type_id');
      // The procedure reads `/^\d{1,9}$/` after trimming; anything but plain digits goes there.
      if (type !== null && !/^\d{1,9}$/.test(type)) return null;
      const rows = await query(EVENT_DETAIL, [id, uploadBaseFor(req), type === null ? null : Number(type)]);
      const text = rows[0]?.[0] as string | undefined;
      if (text === undefined || exotic(text)) return null;
      cache({ interaction: [id], donor_payment_channel: [id] });
      return { body: text };
    },
  });

  const units: Route = {
    procedure: 'public.administrativeUnits.list',
    params: [],
    caller: 'anonymous',
    async answer(_call, cache) {
      const [row] = await query(UNITS, []);
      const [text, officers] = row as [string, number[]];
      if (exotic(text)) return null;
      cache({ profile: officers });
      return { body: text };
    },
  };

  const checkLastPayment: Route = {
    procedure: 'account.checkLastPayment.retrieve',
    params: [],
    caller: 'jwt-user',
    async answer({ actor }, cache) {
      if (actor.kind !== 'user') return null;
      const user = actor.user;
      let paid = user.isStaff;
      if (!paid) {
        const [row] = await query(PAID_SUMS, [...paidSumsSince(pragueToday()), user.id]);
        const [month, year] = (row ?? [0, 0]) as [string | number, string | number];
        paid = Number(month) >= env.SUM_LAST_MONTH_PAYMENTS || Number(year) >= env.SUM_LAST_YEAR_PAYMENTS;
      }
      // Not paid by the sums: the 404, or Darujme's answer, is the procedure's.
      if (!paid) return null;
      cache({ donor_payment_channel: [user.id], profile: [user.id] });
      return { body: undefined };
    },
  };

  const routeOf = (pathname: string): Route | undefined => {
    switch (pathname) {
      case '/event/':
      case '/event':
        return eventList;
      case '/administrative_unit/':
      case '/administrative_unit':
        return units;
      case '/check_last_payment/':
      case '/check_last_payment':
        return checkLastPayment;
    }
    const m = /^\/event\/(\d+)\/?$/.exec(pathname);
    return m && DIGITS.test(m[1]!) ? eventDetail(Number(m[1])) : undefined;
  };

  const actorOf = async (route: Route, req: Request, res: Response): Promise<Actor | null> => {
    if (req.headers.cookie !== undefined) return null;
    const auth = req.headers.authorization;
    if (route.caller === 'anonymous') return auth === undefined ? { kind: 'anonymous' } : null;
    // A JWT (a bearer token with dots: never an OAuth token, resolve-actor.ts) and nothing else.
    if (auth === undefined || !/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/.test(auth)) return null;
    const actor = await deps.resolveActor(req, deps.orm.em.fork(), res, services.passwords);
    return actor.kind === 'user' && actor.via === 'jwt' ? actor : null;
  };

  return (req, res, next) => {
    if (req.method !== 'GET') return next();
    const q = req.url.indexOf('?');
    const route = routeOf(q < 0 ? req.url : req.url.slice(0, q));
    if (!route) return next();
    const search = queryOf(q < 0 ? '' : req.url.slice(q + 1), route.params);
    if (!search) return next();
    const policy = (deps.procedures[route.procedure]?._def.meta as Meta | undefined)?.cache;
    void (async () => {
      const actor = await actorOf(route, req, res);
      if (!actor) return next();
      const locals = res.locals as Record<string, unknown>;
      locals.route = route.procedure;
      locals.caller = actor.kind === 'user' ? `user:${actor.via}` : actor.kind;
      // The general per-address limit, as every procedure takes it (security/abuse-guard.ts).
      // Once per request: a request handed on below is not counted again by the procedure.
      await services.abuse?.check({ ctx: { req, res, actor, env }, path: route.procedure, getRawInput: () => Promise.resolve({}) });
      locals[GENERAL_LIMIT_TAKEN] = true;
      const answer = await route.answer({ req, res, query: search, actor }, (named) => {
        if (policy) declareCachedAnswer(res, policy, actor, named);
      });
      if (!answer) return next();
      deps.observer?.answered?.(route.procedure);
      res.statusCode = 200;
      // Node adds Content-Length where the procedure's answers have it.
      if (answer.body === undefined) res.end();
      else {
        res.setHeader('Content-Type', 'application/json');
        res.end(answer.body);
      }
    })().catch(() => {
      // Any refusal or failure is the procedure's to answer, in its own words.
      delete (res.locals as Record<string, unknown>).cache;
      if (!res.headersSent) next();
    });
  };
}

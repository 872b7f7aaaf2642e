import type { OpenApiMethod } from 'trpc-to-openapi';
import { PermissionDenied, SUPERUSER_ACCESS, staffAccessOf, type StaffAccess } from '@klub/domain';
import type { Actor, ActorUser } from '../auth/actor.js';
import { baseProcedure, type Meta } from './init.js';
import { refuseNullCharacters } from './null-characters.js';
import { checkPolicy, type Policy, type ProcedureKind } from './policy.js';

/**
 * The policy builders (STYLE.md §2.4). The builder is the policy: it sets `meta.policy` in
 * api.md's words and enforces it; a procedure then adds its route with `.meta(rest(...))`
 * (tRPC shallow-merges meta, so the policy stays).
 */

/** What the policy middleware records about the call, for helpers such as pagination. */
export interface CallInfo {
  path: string;
  type: ProcedureKind;
  meta: Meta | undefined;
  /** The raw input (query + path params on REST), kept only for paginated procedures. */
  rawInput: unknown;
}

interface PolicyCall {
  ctx: { actor: Actor };
  path: string;
  type: ProcedureKind;
  meta: Meta | undefined;
  getRawInput: () => Promise<unknown>;
}

/**
 * A builder's one middleware: a rejected credential is refused even on public endpoints
 * (api.md §2.1), then the policy decides, then a NUL anywhere in the input is refused (as DRF,
 * validation comes after the permission check); the user it admits and the call's details go
 * into ctx.
 */
async function admit({ ctx, path, type, meta, getRawInput }: PolicyCall, policy: Policy) {
  if (ctx.actor.kind === 'rejected') throw ctx.actor.error;
  const user = checkPolicy(policy, ctx.actor, type);
  await refuseNullCharacters(getRawInput);
  const call: CallInfo = { path, type, meta, rawInput: meta?.paginated ? await getRawInput() : undefined };
  return { user, call };
}

function optionalUser(policy: Policy) {
  return baseProcedure.meta({ policy }).use(async (opts) => opts.next({ ctx: await admit(opts, policy) }));
}

function requiredUser(policy: Policy) {
  return baseProcedure.meta({ policy }).use(async (opts) => {
    const { user, call } = await admit(opts, policy);
    if (!user) throw new Error(`policy ${policy} admitted a call without a user`);
    return opts.next({ ctx: { user, call } });
  });
}

/** `PUBLIC`: anyone; `ctx.user` is the user when one authenticated. */
export const publicProcedure = optionalUser('PUBLIC');

/** `USER`: any user; anonymous → NOT-AUTH, OAuth client → FORBIDDEN. */
export const userProcedure = requiredUser('USER');

/** `TEAM`: a user; the org-team rule itself is a domain check (domain/events/permissions). */
export const teamProcedure = requiredUser('TEAM');

/** `ORG`: staff or event organizer; OAuth client → FORBIDDEN (D5). */
export const staffOrOrganizerProcedure = requiredUser('ORG');

/** STYLE.md's name for the same builder. */
export const organizerProcedure = staffOrOrganizerProcedure;

/** `SU/ORG-PERM`: superuser or event_organizer role; plain staff refused (D35, events POST). */
export const organizerPermProcedure = requiredUser('SU/ORG-PERM');

/**
 * The admin builders: the policy, then `ctx.access`, what the caller reaches
 * (admin/unit-scope.ts), read once per request.
 */
export function adminProcedure(policy: 'STAFF' | 'SU') {
  return requiredUser(policy).use(async ({ ctx, next }) => {
    // The policy has admitted an active user: a superuser needs no query to know what they reach.
    const access: StaffAccess | null = ctx.user.isSuperuser ? SUPERUSER_ACCESS : await staffAccessOf(ctx.em, ctx.user.id);
    if (!access || (policy === 'SU' && access.role !== 'superuser')) throw new PermissionDenied();
    return next({ ctx: { access } });
  });
}

/** `SU`: superusers only (admin configuration: OAuth applications, staff accounts, jobs). */
export const superuserProcedure = adminProcedure('SU');

/** `STAFF`: superusers, organisation staff and unit staff (the admin's data). */
export const staffProcedure = adminProcedure('STAFF');

/**
 * `PUBLIC` without the actor check, for the endpoints that attempt no authentication (token
 * endpoints, browser login: a stale Authorization header must not stop a client from logging
 * in, api.md §3.2). Their input is still refused when it holds a NUL.
 */
export const credentialsProcedure = baseProcedure
  .meta({ policy: 'PUBLIC' })
  .use(async (opts) => {
    await refuseNullCharacters(opts.getRawInput);
    return opts.next();
  });

/**
 * `SCOPE(scope)+STAFF` / `SCOPE(scope)+USER`: an OAuth token (client or password-grant user)
 * holding `scope` and `read` (queries) / `write` (mutations); otherwise a staff user / any
 * user (D6). `ctx.user` is null for an OAuth client.
 */
export function scoped(scope: string, opts: { or: 'staff' | 'user' }) {
  const policy: Policy = opts.or === 'staff' ? `SCOPE(${scope})+STAFF` : `SCOPE(${scope})+USER`;
  return optionalUser(policy);
}

export interface RestRoute {
  tags: string[];
  summary: string;
  description?: string;
  /** DRF's status on success where it is not 200. */
  successStatus?: 201 | 202 | 204;
  /** A DRF page-number-paginated list (api.md §1.6). */
  paginated?: boolean;
  /**
   * Answers besides 400/403 that the docs should list, status → meaning; a meaning that ends
   * in "(empty body)" is documented without content.
   */
  errorResponses?: Record<number, string>;
  operationId?: string;
  deprecated?: boolean;
  /** See `KlubMeta.cache`. */
  cache?: Meta['cache'];
}

/**
 * A procedure's REST route. `path` is relative to `/api` and written as api.md spells it (with
 * its trailing slash); both slash forms are served, and the document keeps this one.
 *
 * ```ts
 * list: publicProcedure
 *   .meta(rest('GET', '/event/', { tags: ['public'], summary: 'List public events', paginated: true }))
 *   .input(ZEventListQuery).output(ZPage(ZEvent))
 *   .query(({ ctx, input }) => paginate(ctx, (w) => listEvents(ctx.em, input, w))),
 * ```
 */
export function rest(method: OpenApiMethod, path: `/${string}`, route: RestRoute): Meta {
  const { successStatus, paginated, cache, ...openapi } = route;
  return {
    openapi: {
      method,
      path,
      // Security is derived from `policy` by rest/openapi.ts, never written by hand.
      protect: false,
      ...openapi,
    },
    ...(successStatus ? { successStatus } : {}),
    ...(paginated ? { paginated } : {}),
    ...(cache ? { cache } : {}),
  };
}

/**
 * The public catalogue is the same for every caller and has no clock in it: kept answers are
 * exact while PostgreSQL's change notifications are heard; a minute bounds everything else.
 * Each procedure adds the tables it reads (`tables`, `rows`).
 */
export const PUBLIC_READ_CACHE = { seconds: 60 } as const;

export type { ActorUser, Policy };

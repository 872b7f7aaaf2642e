import { z } from 'zod';
import { ZIdInput, ZPage, type AnyAdminResourceSchemas } from '@klub/contracts';
import {
  adminCreate,
  adminDestroy,
  adminList,
  adminRetrieve,
  adminUpdate,
  type AdminContext,
  type AdminResourceDef,
  type StaffAccess,
} from '@klub/domain';
import { parseOrdering } from '../../rest/ordering.js';
import { paginate } from '../../rest/pagination.js';
import { fileStorageFor } from '../../storage/file-storage.js';
import type { Context } from '../../trpc/context.js';
import { adminProcedure, rest, type ActorUser } from '../../trpc/procedures.js';

/**
 * The DRF router shape for an admin resource (operations.md §3): each builder makes one
 * procedure with the resource's own path and schemas, so the OpenAPI document and the tRPC
 * types describe every resource separately, while the behaviour is the one generic
 * implementation in `@klub/domain` (admin/crud.ts).
 */

export const tags = ['admin'];

// The resolvers below return the representation that `S['ZOutput']` describes (and tRPC
// validates against); TypeScript cannot relate the two through a generic schema, hence `as never`.

const listPath = (s: AnyAdminResourceSchemas) => `/admin/${s.name}/` as const;
const detailPath = (s: AnyAdminResourceSchemas) => `/admin/${s.name}/{id}/` as const;

/** Configuration (OAuth applications) is for superusers; every other resource for staff, by their units. */
const procedureFor = (def: AdminResourceDef) => adminProcedure(def.units.kind === 'configuration' ? 'SU' : 'STAFF');

/** Who writes, for the audit log, and the configuration the domain rules need. */
export function adminContext(ctx: Pick<Context, 'actor' | 'env'> & { user: ActorUser; access: StaffAccess }): AdminContext {
  return {
    actor: { id: ctx.user.id, kind: ctx.actor.kind === 'user' ? ctx.actor.via : ctx.actor.kind },
    access: ctx.access,
    programTypes: ctx.env.PROGRAM_TYPES,
    files: fileStorageFor(ctx.env),
  };
}

/** A list filter beyond the resource's equality filters: its query parameters and its condition. */
export interface ListExtension {
  query: z.ZodRawShape;
  description: string;
  where: (ctx: Context, query: Record<string, unknown>) => Promise<Record<string, unknown> | undefined>;
}

export function listProcedure<S extends AnyAdminResourceSchemas>(def: AdminResourceDef<S>, extension?: ListExtension) {
  const s = def.schemas;
  const filters = Object.keys(s.list.filters);
  const notes = [
    filters.length ? `Filters: ${filters.map((f) => `\`${f}\``).join(', ')}.` : '',
    s.list.search ? `\`search\` looks in ${s.list.search}.` : '',
    `\`ordering\`: ${s.list.ordering.join(', ')} (default id).`,
    extension?.description ?? '',
  ];
  return procedureFor(def)
    .meta(rest('GET', listPath(s), { tags, summary: `List ${def.label}s`, description: notes.filter(Boolean).join(' '), paginated: true }))
    .input((extension ? s.ZListQuery.extend(extension.query) : s.ZListQuery) as S['ZListQuery'])
    .output(ZPage(s.ZOutput as S['ZOutput']))
    .query(async ({ ctx, input }) => {
      const query = input as Record<string, unknown>;
      const ordering = parseOrdering(query.ordering, s.list.ordering);
      const picked = Object.fromEntries(filters.map((f) => [f, query[f]]));
      const search = typeof query.search === 'string' ? query.search : undefined;
      const where = await extension?.where(ctx, query);
      return paginate(ctx, (w) => adminList(ctx.em, def, { filters: picked, where, search, ordering }, w, ctx.access));
    });
}

export function retrieveProcedure<S extends AnyAdminResourceSchemas>(def: AdminResourceDef<S>) {
  const s = def.schemas;
  return procedureFor(def)
    .meta(rest('GET', detailPath(s), { tags, summary: `One ${def.label}` }))
    .input(ZIdInput)
    .output(s.ZOutput as S['ZOutput'])
    .query(async ({ ctx, input }) => (await adminRetrieve(ctx.em, def, input.id, ctx.access)) as never);
}

export function createProcedure<S extends AnyAdminResourceSchemas>(def: AdminResourceDef<S>) {
  const s = def.schemas;
  return procedureFor(def)
    .meta(rest('POST', listPath(s), { tags, summary: `Create a ${def.label}`, successStatus: 201 }))
    .input(s.ZCreate as S['ZCreate'])
    .output(s.ZOutput as S['ZOutput'])
    .mutation(async ({ ctx, input }) => (await adminCreate(ctx.em, def, input as Record<string, unknown>, adminContext(ctx))) as never);
}

export function updateProcedure<S extends AnyAdminResourceSchemas>(def: AdminResourceDef<S>) {
  const s = def.schemas;
  return procedureFor(def)
    .meta(rest('PUT', detailPath(s), { tags, summary: `Replace a ${def.label}`, description: 'Required fields must be sent; fields left out keep their values.' }))
    .input((s.ZCreate as S['ZCreate']).extend(ZIdInput.shape))
    .output(s.ZOutput as S['ZOutput'])
    .mutation(async ({ ctx, input }) => {
      const { id, ...fields } = input as { id: number } & Record<string, unknown>;
      return (await adminUpdate(ctx.em, def, id, fields, adminContext(ctx))) as never;
    });
}

export function partialUpdateProcedure<S extends AnyAdminResourceSchemas>(def: AdminResourceDef<S>) {
  const s = def.schemas;
  return procedureFor(def)
    .meta(rest('PATCH', detailPath(s), { tags, summary: `Change a ${def.label}`, description: 'Only the fields sent change.' }))
    .input((s.ZPatch as S['ZPatch']).extend(ZIdInput.shape))
    .output(s.ZOutput as S['ZOutput'])
    .mutation(async ({ ctx, input }) => {
      const { id, ...fields } = input as { id: number } & Record<string, unknown>;
      return (await adminUpdate(ctx.em, def, id, fields, adminContext(ctx))) as never;
    });
}

export function destroyProcedure<S extends AnyAdminResourceSchemas>(def: AdminResourceDef<S>) {
  const s = def.schemas;
  return procedureFor(def)
    .meta(
      rest('DELETE', detailPath(s), {
        tags,
        summary: `Delete a ${def.label}`,
        description: 'While other records still refer to it: `409 {"detail", "referenced_by": [{"resource", "field", "count"}]}`.',
        successStatus: 204,
      }),
    )
    .input(ZIdInput)
    .output(z.void())
    .mutation(async ({ ctx, input }) => {
      await adminDestroy(ctx.em, def, input.id, adminContext(ctx));
    });
}

/** list + retrieve. */
export function readOnlyRouter<S extends AnyAdminResourceSchemas>(def: AdminResourceDef<S>) {
  return { list: listProcedure(def), retrieve: retrieveProcedure(def) };
}

/** The whole DRF router shape. */
export function crudRouter<S extends AnyAdminResourceSchemas>(def: AdminResourceDef<S>) {
  return {
    ...readOnlyRouter(def),
    create: createProcedure(def),
    update: updateProcedure(def),
    partialUpdate: partialUpdateProcedure(def),
    destroy: destroyProcedure(def),
  };
}

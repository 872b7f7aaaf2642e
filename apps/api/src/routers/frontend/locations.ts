import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { ZIdInput, ZLocation, ZLocationCreateInput, ZLocationPatchInput, ZLocationUpdateInput } from '@klub/contracts';
import { createLocation, deleteLocation, getLocation, listLocations, updateLocation } from '@klub/domain';
import { rest, staffOrOrganizerProcedure } from '../../trpc/procedures.js';

const tags = ['frontend'];
const alias = 'Also served at `/api/frontend/location/` (D3).';
const detail = '/frontend/locations/{id}/';

export const locationsRouter = {
  list: staffOrOrganizerProcedure
    .meta(rest('GET', '/frontend/locations/', { tags, summary: 'Locations', description: `Every location, by id (api.md §7.10). ${alias}` }))
    .output(z.array(ZLocation))
    .query(({ ctx }) => listLocations(ctx.em)),

  create: staffOrOrganizerProcedure
    .meta(rest('POST', '/frontend/locations/', { tags, summary: 'Create a location', description: alias, successStatus: 201 }))
    .input(ZLocationCreateInput)
    .output(ZLocation)
    .mutation(({ ctx, input }) => createLocation(ctx.em, input)),

  retrieve: staffOrOrganizerProcedure
    .meta(rest('GET', detail, { tags, summary: 'One location', description: alias }))
    .input(ZIdInput)
    .output(ZLocation)
    .query(({ ctx, input }) => getLocation(ctx.em, input.id)),

  update: staffOrOrganizerProcedure
    .meta(rest('PUT', detail, { tags, summary: 'Replace a location', description: `\`name\` required. ${alias}` }))
    .input(ZLocationUpdateInput)
    .output(ZLocation)
    .mutation(({ ctx, input: { id, ...fields } }) => updateLocation(ctx.em, id, fields)),

  partialUpdate: staffOrOrganizerProcedure
    .meta(rest('PATCH', detail, { tags, summary: 'Change a location', description: alias }))
    .input(ZLocationPatchInput)
    .output(ZLocation)
    .mutation(({ ctx, input: { id, ...fields } }) => updateLocation(ctx.em, id, fields)),

  destroy: staffOrOrganizerProcedure
    .meta(rest('DELETE', detail, { tags, summary: 'Delete a location', description: `Events that used it get \`location = null\`. ${alias}`, successStatus: 204 }))
    .input(ZIdInput)
    .output(z.void())
    .mutation(async ({ ctx, input }) => {
      await deleteLocation(ctx.em, input.id);
    }),
} satisfies TRPCRouterRecord;

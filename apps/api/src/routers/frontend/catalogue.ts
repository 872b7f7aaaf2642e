import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { ZEventType, ZIdInput, ZOrganizationPosition } from '@klub/contracts';
import { getEventType, getOrganizationPosition, listEventTypes, listOrganizationPositions } from '@klub/domain';
import { publicProcedure, rest, staffOrOrganizerProcedure } from '../../trpc/procedures.js';

const tags = ['frontend'];

export const organizationPositionsRouter = {
  list: publicProcedure
    .meta(rest('GET', '/frontend/event_organization_position/', { tags, summary: 'Organization positions', description: 'Every position, by id (api.md §7.8).' }))
    .output(z.array(ZOrganizationPosition))
    .query(({ ctx }) => listOrganizationPositions(ctx.em)),

  retrieve: publicProcedure
    .meta(rest('GET', '/frontend/event_organization_position/{id}/', { tags, summary: 'One organization position' }))
    .input(ZIdInput)
    .output(ZOrganizationPosition)
    .query(({ ctx, input }) => getOrganizationPosition(ctx.em, input.id)),
} satisfies TRPCRouterRecord;

export const eventTypesRouter = {
  list: staffOrOrganizerProcedure
    .meta(rest('GET', '/frontend/event-type/', { tags, summary: 'Event types', description: 'Every event type, by id (api.md §7.9). Staff and event organizers.' }))
    .output(z.array(ZEventType))
    .query(({ ctx }) => listEventTypes(ctx.em)),

  retrieve: staffOrOrganizerProcedure
    .meta(rest('GET', '/frontend/event-type/{id}/', { tags, summary: 'One event type' }))
    .input(ZIdInput)
    .output(ZEventType)
    .query(({ ctx, input }) => getEventType(ctx.em, input.id)),
} satisfies TRPCRouterRecord;

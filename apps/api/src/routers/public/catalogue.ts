import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { ZAdministrativeUnit, ZInteractionType } from '@klub/contracts';
import { listAdministrativeUnits, listInteractionTypes } from '@klub/domain';
import { PUBLIC_READ_CACHE, publicProcedure, rest } from '../../trpc/procedures.js';

const tags = ['public'];

export const administrativeUnitsRouter = {
  list: publicProcedure
    .meta(
      rest('GET', '/administrative_unit/', {
        tags,
        summary: 'List administrative units',
        description: 'Every unit, ordered by id (api.md §5.3). Also served at `/api/bronto/administrative_unit/`.',
        cache: PUBLIC_READ_CACHE,
      }),
    )
    .output(z.array(ZAdministrativeUnit))
    .query(({ ctx }) => listAdministrativeUnits(ctx.em)),
} satisfies TRPCRouterRecord;

export const interactionTypesRouter = {
  list: publicProcedure
    .meta(
      rest('GET', '/interaction-type/', {
        tags,
        summary: 'List interaction types',
        description: 'Every interaction type with its category, ordered by id (api.md §5.4).',
        cache: PUBLIC_READ_CACHE,
      }),
    )
    .output(z.array(ZInteractionType))
    .query(({ ctx }) => listInteractionTypes(ctx.em)),
} satisfies TRPCRouterRecord;

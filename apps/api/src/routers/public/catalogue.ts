import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { ZAdministrativeUnit, ZInteractionType } from '@klub/contracts';
import { listAdministrativeUnits, listInteractionTypes } from '@klub/domain';
import { dependsOnRows } from '../../cache/index.js';
import { PUBLIC_READ_CACHE, publicProcedure, rest } from '../../trpc/procedures.js';

const tags = ['public'];

export const administrativeUnitsRouter = {
  list: publicProcedure
    .meta(
      rest('GET', '/administrative_unit/', {
        tags,
        summary: 'List administrative units',
        description: 'Every unit, ordered by id (api.md §5.3). Also served at `/api/bronto/administrative_unit/`.',
        // A sign-up writes profiles: only the officers' rows change this answer.
        cache: { ...PUBLIC_READ_CACHE, tables: ['administrative_unit'], rows: { profile: 'id' } },
      }),
    )
    .output(z.array(ZAdministrativeUnit))
    .query(async ({ ctx }) => {
      const units = await listAdministrativeUnits(ctx.em);
      dependsOnRows(ctx, 'profile', units.flatMap((u) => [u.president_id, u.manager_id].filter((id) => id !== null)));
      return units.map(({ president_id: _p, manager_id: _m, ...unit }) => unit);
    }),
} satisfies TRPCRouterRecord;

export const interactionTypesRouter = {
  list: publicProcedure
    .meta(
      rest('GET', '/interaction-type/', {
        tags,
        summary: 'List interaction types',
        description: 'Every interaction type with its category, ordered by id (api.md §5.4).',
        cache: { ...PUBLIC_READ_CACHE, tables: ['interaction_type', 'interaction_category'] },
      }),
    )
    .output(z.array(ZInteractionType))
    .query(({ ctx }) => listInteractionTypes(ctx.em)),
} satisfies TRPCRouterRecord;

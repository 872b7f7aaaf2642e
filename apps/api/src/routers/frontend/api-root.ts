import type { TRPCRouterRecord } from '@trpc/server';
import { ZFrontendRoot, type TFrontendRoot } from '@klub/contracts';
import { publicProcedure, rest } from '../../trpc/procedures.js';

const LISTS: ReadonlyArray<keyof TFrontendRoot> = [
  'events', 'my_events', 'organized_events', 'event_orgteam', 'event_organization_position', 'event-type', 'locations',
  'users', 'attendees', 'my_interactions',
];

export const apiRootRouter = {
  retrieve: publicProcedure
    .meta(
      rest('GET', '/frontend/', {
        tags: ['frontend'],
        summary: 'Front-end API index',
        description: 'Absolute URLs of the front-end lists (api.md §7.2).',
      }),
    )
    .output(ZFrontendRoot)
    .query(({ ctx }) => {
      const base = `${ctx.req.protocol}://${ctx.req.get('host') ?? 'localhost'}/api/frontend/`;
      return Object.fromEntries(LISTS.map((name) => [name, `${base}${name}/`])) as TFrontendRoot;
    }),
} satisfies TRPCRouterRecord;

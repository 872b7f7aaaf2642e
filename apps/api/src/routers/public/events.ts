import type { TRPCRouterRecord } from '@trpc/server';
import { EVENT_ORDERING, ZEvent, ZEventListQuery, ZEventRetrieveInput, ZEventWithStats, ZPage } from '@klub/contracts';
import {
  NotFound,
  buildEventFilters,
  countEvents,
  eventOrderBy,
  eventStatistics,
  pageEvents,
  loadEventRecords,
} from '@klub/domain';
import { pageWindow } from '../../rest/pagination.js';
import { parseOrdering } from '../../rest/ordering.js';
import { toEvent } from '../../serializers/event.js';
import { fileUrlFor } from '../../serializers/file-url.js';
import { PUBLIC_READ_CACHE, publicProcedure, rest } from '../../trpc/procedures.js';

const tags = ['public'];

export const eventsRouter = {
  list: publicProcedure
    .meta(
      rest('GET', '/event/', {
        tags,
        summary: 'List public events',
        description:
          'Paginated events with `public_on_web`, filterable and orderable (api.md §5.1). Also served at `/api/bronto/event/`.',
        paginated: true,
        cache: PUBLIC_READ_CACHE,
      }),
    )
    .input(ZEventListQuery)
    .output(ZPage(ZEvent))
    .query(async ({ ctx, input }) => {
      const { ordering, ...filters } = input;
      const request = {
        publicOnly: true,
        filters: buildEventFilters(filters, ctx.env.PROGRAM_TYPES),
        orderBy: eventOrderBy(parseOrdering(ordering, EVENT_ORDERING)),
      };
      const w = pageWindow(ctx, await countEvents(ctx.em, request));
      const rows = await pageEvents(ctx.em, request, w.limit, w.offset);
      const fileUrl = fileUrlFor(ctx.req);
      return w.envelope(rows.map((r) => toEvent(r, fileUrl)));
    }),

  retrieve: publicProcedure
    .meta(
      rest('GET', '/event/{id}/', {
        tags,
        summary: 'One public event with statistics',
        description: 'An event with `public_on_web`, plus donation and registration counts (api.md §5.2).',
        cache: PUBLIC_READ_CACHE,
      }),
    )
    .input(ZEventRetrieveInput)
    .output(ZEventWithStats)
    .query(async ({ ctx, input }) => {
      const [record] = await loadEventRecords(ctx.em, [input.id]);
      if (!record?.public_on_web) throw new NotFound();
      const stats = await eventStatistics(ctx.em, record.id, input.interaction_type_id);
      return { ...toEvent(record, fileUrlFor(ctx.req)), ...stats };
    }),
} satisfies TRPCRouterRecord;

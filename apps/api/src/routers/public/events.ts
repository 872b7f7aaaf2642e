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
import { dependsOnRows } from '../../cache/index.js';
import { PUBLIC_READ_CACHE, publicProcedure, rest } from '../../trpc/procedures.js';

/** What an Event representation reads (domain/events/event-records.ts). */
const EVENT_TABLES = ['event', 'location', 'event_type', 'event_administrative_units', 'administrative_unit'];

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
        cache: { ...PUBLIC_READ_CACHE, tables: EVENT_TABLES },
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
        // Sign-ups write interactions: only this event's change its registration count.
        cache: {
          ...PUBLIC_READ_CACHE,
          tables: [...EVENT_TABLES, 'payment'],
          rows: { interaction: 'event_id', donor_payment_channel: 'event_id' },
        },
      }),
    )
    .input(ZEventRetrieveInput)
    .output(ZEventWithStats)
    .query(async ({ ctx, input }) => {
      const [record] = await loadEventRecords(ctx.em, [input.id]);
      if (!record?.public_on_web) throw new NotFound();
      dependsOnRows(ctx, 'interaction', [record.id]);
      dependsOnRows(ctx, 'donor_payment_channel', [record.id]);
      const stats = await eventStatistics(ctx.em, record.id, input.interaction_type_id);
      return { ...toEvent(record, fileUrlFor(ctx.req)), ...stats };
    }),
} satisfies TRPCRouterRecord;

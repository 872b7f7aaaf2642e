import type { TRPCRouterRecord } from '@trpc/server';
import { ZEvent, ZFrontendEventCreateInput, ZFrontendEventListQuery, ZIdInput, ZPage } from '@klub/contracts';
import { ALL_EVENTS_REQUEST, assertMayCreateEvents, countEvents, createEvent } from '@klub/domain';
import { pageWindow } from '../../rest/pagination.js';
import { publicProcedure, rest } from '../../trpc/procedures.js';
import { eventById, eventPage, eventWriteOptions } from './event-output.js';

const tags = ['frontend'];

/**
 * SU/ORG-PERM with the reference's own refusal body for everybody else, anonymous callers and
 * OAuth clients included (D35); checked before the body is validated.
 */
const eventCreatorProcedure = publicProcedure.meta({ policy: 'SU/ORG-PERM' }).use(({ ctx, next }) => {
  const user = ctx.user;
  assertMayCreateEvents(user);
  return next({ ctx: { user } });
});

export const frontendEventsRouter = {
  list: publicProcedure
    .meta(
      rest('GET', '/frontend/events/', {
        tags,
        summary: 'List all events',
        description: 'Every event, also those not public on the web; ordered by name (api.md §7.3). No filters.',
        paginated: true,
      }),
    )
    .input(ZFrontendEventListQuery)
    .output(ZPage(ZEvent))
    .query(async ({ ctx }) => {
      const w = pageWindow(ctx, await countEvents(ctx.em, ALL_EVENTS_REQUEST));
      return w.envelope(await eventPage(ctx.em, ctx.req, ALL_EVENTS_REQUEST, w.limit, w.offset));
    }),

  retrieve: publicProcedure
    .meta(rest('GET', '/frontend/events/{id}/', { tags, summary: 'One event', description: 'Any event by id (api.md §7.3).' }))
    .input(ZIdInput)
    .output(ZEvent)
    .query(({ ctx, input }) => eventById(ctx.em, ctx.req, input.id)),

  create: eventCreatorProcedure
    .meta(
      rest('POST', '/frontend/events/', {
        tags,
        summary: 'Create an event',
        description:
          'Superusers and event organizers only (otherwise 403 `{"error": "must be an event organizer"}`). `name`, `event_type_id` and `administrative_units` are required; the slug is generated from the name; the caller joins the organization team as `Event creator` (api.md §7.3). Photos: multipart upload.',
        successStatus: 201,
      }),
    )
    .input(ZFrontendEventCreateInput)
    .output(ZEvent)
    .mutation(async ({ ctx, input }) => {
      const id = await createEvent(ctx.em, ctx.user, input, eventWriteOptions(ctx.env));
      return eventById(ctx.em, ctx.req, id);
    }),
} satisfies TRPCRouterRecord;

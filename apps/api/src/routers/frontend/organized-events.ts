import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import {
  ZEvent,
  ZFrontendEventListQuery,
  ZIdInput,
  ZOrganizedEventPatchInput,
  ZOrganizedEventUpdateInput,
  ZPage,
  parseDrfInteger,
} from '@klub/contracts';
import { NotFound, assertOrganizesEvent, countEvents, deleteEvent, organizedEventsRequest, updateEvent } from '@klub/domain';
import { pageWindow } from '../../rest/pagination.js';
import { rest, userProcedure } from '../../trpc/procedures.js';
import { eventById, eventPage, eventWriteOptions } from './event-output.js';
import { rawText } from './request-input.js';

const tags = ['frontend'];
const detail = '/frontend/organized_events/{id}/';

/** Only events on the caller's team are addressable (404 otherwise), checked before the body, as DRF's get_object. */
const organizerOfEvent = userProcedure.use(async ({ ctx, getRawInput, next }) => {
  const id = parseDrfInteger(rawText(await getRawInput(), 'id'));
  if (id === undefined) throw new NotFound();
  await assertOrganizesEvent(ctx.em, ctx.user, id);
  return next();
});

export const organizedEventsRouter = {
  list: userProcedure
    .meta(
      rest('GET', '/frontend/organized_events/', {
        tags,
        summary: 'Events I organize',
        description: 'Events on whose organization team the caller is, each once (D21); superusers too see only their own (api.md §7.4).',
        paginated: true,
      }),
    )
    .input(ZFrontendEventListQuery)
    .output(ZPage(ZEvent))
    .query(async ({ ctx }) => {
      const request = organizedEventsRequest(ctx.user.id);
      const w = pageWindow(ctx, await countEvents(ctx.em, request));
      return w.envelope(await eventPage(ctx.em, ctx.req, request, w.limit, w.offset));
    }),

  retrieve: organizerOfEvent
    .meta(rest('GET', detail, { tags, summary: 'One event I organize' }))
    .input(ZIdInput)
    .output(ZEvent)
    .query(({ ctx, input }) => eventById(ctx.em, ctx.req, input.id)),

  update: organizerOfEvent
    .meta(
      rest('PUT', detail, {
        tags,
        summary: 'Update an event I organize',
        description: '`name`, `event_type_id` and `administrative_units` required; other keys optional (api.md §7.4).',
      }),
    )
    .input(ZOrganizedEventUpdateInput)
    .output(ZEvent)
    .mutation(async ({ ctx, input: { id, ...fields } }) => {
      await updateEvent(ctx.em, id, fields, eventWriteOptions(ctx.env));
      return eventById(ctx.em, ctx.req, id);
    }),

  partialUpdate: organizerOfEvent
    .meta(rest('PATCH', detail, { tags, summary: 'Partly update an event I organize' }))
    .input(ZOrganizedEventPatchInput)
    .output(ZEvent)
    .mutation(async ({ ctx, input: { id, ...fields } }) => {
      await updateEvent(ctx.em, id, fields, eventWriteOptions(ctx.env));
      return eventById(ctx.em, ctx.req, id);
    }),

  destroy: organizerOfEvent
    .meta(
      rest('DELETE', detail, {
        tags,
        summary: 'Delete an event I organize',
        description:
          'Deletes the event with its organization team, donor payment channels and their payments, and Darujme accounts bound to it; interactions stay with `event = null` (api.md §7.4).',
        successStatus: 204,
      }),
    )
    .input(ZIdInput)
    .output(z.void())
    .mutation(async ({ ctx, input }) => {
      await deleteEvent(ctx.em, input.id);
    }),
} satisfies TRPCRouterRecord;

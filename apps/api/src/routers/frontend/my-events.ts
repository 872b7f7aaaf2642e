import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import {
  ZIdInput,
  ZMyEventCreateInput,
  ZMyEventInteraction,
  ZMyEventPatchInput,
  ZMyEventUpdateInput,
  ZPage,
  ZPageQuery,
  parseDrfInteger,
} from '@klub/contracts';
import {
  NotFound,
  assertOwnsEventInteraction,
  countEventInteractions,
  createEventInteraction,
  deleteEventInteraction,
  getMyEvent,
  pageMyEvents,
  updateMyEvent,
} from '@klub/domain';
import { pageWindow } from '../../rest/pagination.js';
import { rest, userProcedure } from '../../trpc/procedures.js';
import { rawText } from './request-input.js';

const tags = ['frontend'];
const detail = '/frontend/my_events/{id}/';
const typeRule =
  '`type__slug` must name an interaction type of the `event_interaction` category (`event_registration`, `event_attendance`).';

/** Another person's interaction, or one that is no registration, is 404, before the body is looked at. */
const ownerOfInteraction = userProcedure.use(async ({ ctx, getRawInput, next }) => {
  const id = parseDrfInteger(rawText(await getRawInput(), 'id'));
  if (id === undefined) throw new NotFound();
  await assertOwnsEventInteraction(ctx.em, ctx.user, id);
  return next();
});

export const myEventsRouter = {
  list: userProcedure
    .meta(
      rest('GET', '/frontend/my_events/', {
        tags,
        summary: 'My event registrations',
        description: 'The caller’s interactions of the `event_interaction` category (api.md §7.5).',
        paginated: true,
      }),
    )
    .input(ZPageQuery)
    .output(ZPage(ZMyEventInteraction))
    .query(async ({ ctx }) => {
      const w = pageWindow(ctx, await countEventInteractions(ctx.em, { owner: ctx.user.id }));
      return w.envelope(await pageMyEvents(ctx.em, ctx.user.id, w.limit, w.offset));
    }),

  create: userProcedure
    .meta(
      rest('POST', '/frontend/my_events/', {
        tags,
        summary: 'Register for an event',
        description: `Creates an interaction of the caller (a \`user\` key is ignored). ${typeRule} Put answers to the event’s additional questions into \`summary\` (api.md §7.5, D11).`,
        successStatus: 201,
      }),
    )
    .input(ZMyEventCreateInput)
    .output(ZMyEventInteraction)
    .mutation(async ({ ctx, input }) => {
      const id = await createEventInteraction(ctx.em, ctx.user.id, input, ctx.user.id, ctx.lang);
      return getMyEvent(ctx.em, ctx.user.id, id);
    }),

  retrieve: ownerOfInteraction
    .meta(rest('GET', detail, { tags, summary: 'One of my event registrations' }))
    .input(ZIdInput)
    .output(ZMyEventInteraction)
    .query(({ ctx, input }) => getMyEvent(ctx.em, ctx.user.id, input.id)),

  update: ownerOfInteraction
    .meta(rest('PUT', detail, { tags, summary: 'Replace one of my registrations', description: `\`event\` and \`type__slug\` required. ${typeRule}` }))
    .input(ZMyEventUpdateInput)
    .output(ZMyEventInteraction)
    .mutation(async ({ ctx, input: { id, ...fields } }) => {
      await updateMyEvent(ctx.em, ctx.user.id, id, fields);
      return getMyEvent(ctx.em, ctx.user.id, id);
    }),

  partialUpdate: ownerOfInteraction
    .meta(rest('PATCH', detail, { tags, summary: 'Change one of my registrations', description: `Omitted keys keep their values (D10). ${typeRule}` }))
    .input(ZMyEventPatchInput)
    .output(ZMyEventInteraction)
    .mutation(async ({ ctx, input: { id, ...fields } }) => {
      await updateMyEvent(ctx.em, ctx.user.id, id, fields);
      return getMyEvent(ctx.em, ctx.user.id, id);
    }),

  destroy: ownerOfInteraction
    .meta(rest('DELETE', detail, { tags, summary: 'Cancel one of my registrations', successStatus: 204 }))
    .input(ZIdInput)
    .output(z.void())
    .mutation(async ({ ctx, input }) => {
      await deleteEventInteraction(ctx.em, { owner: ctx.user.id }, input.id);
    }),
} satisfies TRPCRouterRecord;

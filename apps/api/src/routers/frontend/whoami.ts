import type { TRPCRouterRecord } from '@trpc/server';
import { ZWhoami, ZWhoamiUpdateInput } from '@klub/contracts';
import { updateOwnNames } from '@klub/domain';
import { whoamiOf } from '../../serializers/whoami.js';
import { rest, userProcedure } from '../../trpc/procedures.js';

const tags = ['frontend'];
const path = '/frontend/whoami';
const description =
  'Updates the caller’s own `first_name`, `last_name` and `nickname`; each key is optional and other keys are ignored (api.md §7.1, D19). Answers the whoami body.';

export const whoamiRouter = {
  retrieve: userProcedure
    .meta(
      rest('GET', path, {
        tags,
        summary: 'Who am I',
        description: 'The caller’s id, names and kind: `is_staff`, `is_superuser`, `is_event_organizer` (api.md §7.1). Also served with a trailing slash.',
      }),
    )
    .output(ZWhoami)
    .query(({ ctx }) => whoamiOf(ctx.em, ctx.user.id)),

  update: userProcedure
    .meta(rest('POST', path, { tags, summary: 'Update my names', description }))
    .input(ZWhoamiUpdateInput)
    .output(ZWhoami)
    .mutation(async ({ ctx, input }) => {
      await updateOwnNames(ctx.em, ctx.user.id, input);
      return whoamiOf(ctx.em, ctx.user.id);
    }),

  partialUpdate: userProcedure
    .meta(rest('PATCH', path, { tags, summary: 'Update my names (PATCH)', description }))
    .input(ZWhoamiUpdateInput)
    .output(ZWhoami)
    .mutation(async ({ ctx, input }) => {
      await updateOwnNames(ctx.em, ctx.user.id, input);
      return whoamiOf(ctx.em, ctx.user.id);
    }),
} satisfies TRPCRouterRecord;

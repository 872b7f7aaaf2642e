import type { TRPCRouterRecord } from '@trpc/server';
import { ZMyInteraction, ZMyInteractionListQuery, ZPage } from '@klub/contracts';
import { countMyInteractions, pageMyInteractions } from '@klub/domain';
import { pageWindow } from '../../rest/pagination.js';
import { rest, userProcedure } from '../../trpc/procedures.js';

export const myInteractionsRouter = {
  list: userProcedure
    .meta(
      rest('GET', '/frontend/my_interactions/', {
        tags: ['frontend'],
        summary: 'My interactions',
        description:
          'Beyond the reference: the caller’s own timeline (every interaction type), newest first; filter by `type__slug` (comma-separated) and `event` (id). Internal notes are not shown.',
        paginated: true,
      }),
    )
    .input(ZMyInteractionListQuery)
    .output(ZPage(ZMyInteraction))
    .query(async ({ ctx, input }) => {
      const filter = { type__slug: input.type__slug, event: input.event };
      const w = pageWindow(ctx, await countMyInteractions(ctx.em, ctx.user.id, filter));
      return w.envelope(await pageMyInteractions(ctx.em, ctx.user.id, filter, w.limit, w.offset));
    }),
} satisfies TRPCRouterRecord;

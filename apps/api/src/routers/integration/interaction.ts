import type { TRPCRouterRecord } from '@trpc/server';
import { ZEmptyObject, ZVizusInteractionInput } from '@klub/contracts';
import { recordVizusInteraction } from '@klub/domain';
import { rest, scoped } from '../../trpc/procedures.js';

export const interactionRouter = {
  create: scoped('can_create_interactions', { or: 'staff' })
    .meta(
      rest('POST', '/interaction/', {
        tags: ['integration'],
        summary: 'Record a "vizus" interaction',
        description:
          'A `certificate` or `confirmation` interaction (category "emails") for the profile, dated `date`, subject `vizus-<interaction_type>`, summary `text`, in the event’s first unit. Answers 200 `{}`. 400 `{"profile_id": ["Invalid pk \\"<v>\\" - object does not exist."]}` (D33), `{"event": ["Event has no administrative unit."]}` (D27) (api.md §9.6).',
      }),
    )
    .input(ZVizusInteractionInput)
    .output(ZEmptyObject)
    .mutation(({ ctx, input }) => recordVizusInteraction(ctx.em, input)),
} satisfies TRPCRouterRecord;

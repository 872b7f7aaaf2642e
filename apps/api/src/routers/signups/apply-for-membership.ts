import type { TRPCRouterRecord } from '@trpc/server';
import { ZApplyForMembershipInput, ZUserIdOutput } from '@klub/contracts';
import { rest, scoped } from '../../trpc/procedures.js';

export const applyForMembershipRouter = {
  create: scoped('can_create_userprofile_interaction', { or: 'user' })
    .meta(
      rest('POST', '/apply_for_membership/', {
        tags: ['signups'],
        summary: 'Apply for membership',
        description:
          'Gets or creates the person by e-mail, adds the unit to their units, records a `membership-application` interaction and queues a confirmation. Answers 200 `{"user_id": N}`; an unknown unit is 400 `{"administrative_unit": ["Object with id=<v> does not exist."]}` (api.md §8.5).',
      }),
    )
    .input(ZApplyForMembershipInput)
    .output(ZUserIdOutput)
    .mutation(({ ctx, input }) => ctx.services.signups.write({ kind: 'membership', input, lang: ctx.lang })),
} satisfies TRPCRouterRecord;

import type { TRPCRouterRecord } from '@trpc/server';
import { ZUserProfileVsInput, ZVsOutput } from '@klub/contracts';
import { userProfileVs } from '@klub/domain';
import { rest, scoped } from '../../trpc/procedures.js';

export const userProfileVsRouter = {
  create: scoped('can_create_profiles', { or: 'staff' })
    .meta(
      rest('POST', '/userprofile/vs/', {
        tags: ['integration'],
        summary: 'Get or create a person and their donor channel; return the VS',
        description:
          'Gets or creates the person by e-mail (only empty fields are filled; `sex` only replaces `unknown`), adds the money account’s unit, and gets or creates their channel for the event (new: expected first payment in 3 days, `regular` or `onetime`, a new VS; existing: unchanged). Answers 200 `{"VS": "..."}`; unknown slugs are 400 field errors. No e-mail is sent (api.md §9.3).',
      }),
    )
    .input(ZUserProfileVsInput)
    .output(ZVsOutput)
    .mutation(({ ctx, input }) => userProfileVs(ctx.em, input)),
} satisfies TRPCRouterRecord;

import type { TRPCRouterRecord } from '@trpc/server';
import { ZUserIdOutput, ZVolunteerInput } from '@klub/contracts';
import { rest, scoped } from '../../trpc/procedures.js';

export const volunteerRouter = {
  create: scoped('can_create_userprofile_interaction', { or: 'user' })
    .meta(
      rest('POST', '/volunteer/', {
        tags: ['signups'],
        summary: 'Offer to volunteer',
        description:
          'Gets or creates the person by e-mail, adds the unit to their units, records a `volunteer` interaction (summary, skills, programs of interest and the optional event; the location is only validated) and queues a confirmation. Answers 200 `{"user_id": N}`; unknown ids are 400 `{"<field>": ["Object with id=<v> does not exist."]}` (api.md §8.4).',
      }),
    )
    .input(ZVolunteerInput)
    .output(ZUserIdOutput)
    .mutation(({ ctx, input }) => ctx.services.signups.write({ kind: 'volunteer', input, lang: ctx.lang, programTypes: ctx.env.PROGRAM_TYPES })),
} satisfies TRPCRouterRecord;

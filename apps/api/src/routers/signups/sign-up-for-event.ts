import type { TRPCRouterRecord } from '@trpc/server';
import { ZSignUpForEventInput, ZUserIdOutput } from '@klub/contracts';
import { rest, scoped } from '../../trpc/procedures.js';

export const signUpForEventRouter = {
  create: scoped('can_create_userprofile_interaction', { or: 'user' })
    .meta(
      rest('POST', '/sign_up_for_event/', {
        tags: ['signups'],
        summary: 'Register a person for an event',
        description:
          'Gets or creates the person by e-mail (only empty fields are filled, notes accumulate, the newest telephone becomes primary), adds the event’s first unit to their units, records an `event_registration` interaction whose summary holds the note and the answers to the event’s questions, and queues a confirmation. Answers 200 `{"user_id": N}`. 400 `{"event": ["Object with id=<v> does not exist."]}` for an unknown event or one without a slug, `{"event": ["Event has no administrative unit."]}` (D27) (api.md §8.3).',
      }),
    )
    .input(ZSignUpForEventInput)
    .output(ZUserIdOutput)
    .mutation(({ ctx, input }) => ctx.services.signups.write({ kind: 'event-signup', input, lang: ctx.lang })),
} satisfies TRPCRouterRecord;

import type { TRPCRouterRecord } from '@trpc/server';
import { ZRegisterUserprofileInput, ZRegisterUserprofileOutput } from '@klub/contracts';
import { registerUserProfile } from '@klub/domain';
import { publicProcedure, rest } from '../../trpc/procedures.js';

export const registerUserprofileRouter = {
  create: publicProcedure
    .meta(
      rest('POST', '/register_userprofile/', {
        tags: ['account'],
        summary: 'Register a user profile with a donation channel',
        description:
          'Creates the profile (username generated when absent), its primary e-mail and telephone, the money account’s unit and a donor payment channel with a new VS from the first `userchannels` item; the others are validated and ignored. All or nothing; a sign-up confirmation is queued. Also served at `/api/register-userprofile` and `/api/register-userprofile/` (api.md §6.1, D2). 400: field errors, e.g. `{"email": ["This field must be unique."]}` or `{"userchannels": [{"money_account": ["Object with slug=x does not exist."]}]}`.',
        successStatus: 201,
      }),
    )
    .input(ZRegisterUserprofileInput)
    .output(ZRegisterUserprofileOutput)
    .mutation(({ ctx, input }) => registerUserProfile(ctx.em, input, { lang: ctx.lang })),
} satisfies TRPCRouterRecord;

import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { ZResetPasswordConfirmInput, ZResetPasswordEmailInput } from '@klub/contracts';
import { confirmPasswordReset, requestPasswordReset } from '@klub/domain';
import { publicProcedure, rest } from '../../trpc/procedures.js';

const tags = ['account'];

export const resetPasswordEmailRouter = {
  create: publicProcedure
    .meta(
      rest('POST', '/reset_password_email/', {
        tags,
        summary: 'Request a password-reset e-mail',
        description:
          'When the address belongs to an account, an e-mail with the account’s username and the link `WEB_URL?u=<uid>&t=<token>` (valid 3 days, once) is sent by the worker. The answer is always 200 with an empty body, so it tells nothing about which addresses exist (api.md §6.2).',
      }),
    )
    .input(ZResetPasswordEmailInput)
    .output(z.void())
    .mutation(async ({ ctx, input }) => {
      const queued = await requestPasswordReset(ctx.em, {
        email: input.email,
        secret: ctx.env.SECRET_KEY,
        lang: ctx.lang,
        fallbackFrom: ctx.env.DEFAULT_FROM_EMAIL,
      });
      ctx.log.info({ queued }, 'password reset requested');
    }),
} satisfies TRPCRouterRecord;

export const resetPasswordConfirmRouter = {
  create: publicProcedure
    .meta(
      rest('POST', '/reset_password_email_confirm/{uid}/{token}/', {
        tags,
        summary: 'Set a new password from a reset link',
        description:
          '`uid` and `token` are the `u` and `t` of the link. 200 (empty body) sets the password, after which the link is spent. 400: the password fails the policy (at least 8 characters, not common, not all digits). 404 `{"detail": "Passoword 1 and 2 doesnt match"}` (sic, D39). 403 with an empty body: unknown uid, or a token that is wrong, expired or already used (api.md §6.3).',
        errorResponses: {
          403: 'Unknown uid, or a wrong, expired or used token (empty body)',
          404: 'The two passwords differ: `{"detail": "Passoword 1 and 2 doesnt match"}` (sic).',
        },
      }),
    )
    .input(ZResetPasswordConfirmInput)
    .output(z.void())
    .mutation(async ({ ctx, input }) => {
      await confirmPasswordReset(ctx.em, {
        uid: input.uid,
        token: input.token,
        password1: input.password_1,
        password2: input.password_2,
        secret: ctx.env.SECRET_KEY,
      });
    }),
} satisfies TRPCRouterRecord;

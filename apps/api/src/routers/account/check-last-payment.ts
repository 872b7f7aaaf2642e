import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { CustomError, isPaidMember } from '@klub/domain';
import { dependsOnRows } from '../../cache/index.js';
import { rest, userProcedure } from '../../trpc/procedures.js';
import { paidSectionOptions } from './paid-section.js';

export const checkLastPaymentRouter = {
  retrieve: userProcedure
    .meta(
      rest('GET', '/check_last_payment/', {
        tags: ['account'],
        summary: 'Is the current user a paying member?',
        description:
          '200 with an empty body when paid, 404 with an empty body when not. Staff are always paid; otherwise the user’s payments (all channels, any type) of the last 40 days must reach SUM_LAST_MONTH_PAYMENTS, or of the last 375 days SUM_LAST_YEAR_PAYMENTS; with Darujme enabled, a successful Darujme pledge also counts, and a failed Darujme call is 404 `{"detail": "Can not connect to Darujme to check payment"}`. Frequencies and amounts play no role (api.md §6.4, D38).',
        errorResponses: { 404: 'Not paid (empty body), or `{"detail": "Can not connect to Darujme to check payment"}`.' },
        // "Today" moves and a Darujme pledge is not in our tables: a minute at most. Only 200 is
        // kept, so a failed Darujme call is never repeated from memory.
        // The user's own rows (their profile is a dependency of every answer for their token).
        cache: {
          seconds: 60,
          tables: ['payment', 'money_account'],
          rows: { donor_payment_channel: 'user_id', profile: 'id' },
        },
      }),
    )
    .output(z.void())
    .query(async ({ ctx }) => {
      dependsOnRows(ctx, 'donor_payment_channel', [ctx.user.id]);
      dependsOnRows(ctx, 'profile', [ctx.user.id]);
      if (!(await isPaidMember(ctx.em, ctx.user, paidSectionOptions(ctx.env)))) throw new CustomError(404, {});
    }),
} satisfies TRPCRouterRecord;

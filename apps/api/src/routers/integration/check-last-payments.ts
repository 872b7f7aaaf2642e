import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { ZCheckLastPaymentsInput, ZPaymentMatch } from '@klub/contracts';
import { checkLastPayments } from '@klub/domain';
import { rest, scoped } from '../../trpc/procedures.js';

export const checkLastPaymentsRouter = {
  create: scoped('can_check_last_payments', { or: 'staff' })
    .meta(
      rest('POST', '/check_last_payments/', {
        tags: ['integration'],
        summary: 'Find bank payments for a variable symbol',
        description:
          'The `bank-transfer` payments of exactly `amount` on the event’s channel with this VS, dated from `date` to 14 days later, oldest first, as a bare array. 404 `{"detail": "Donor payment Channel with this event/money_account/VS doesnt exist"}` when no channel matches, `{"detail": "Payment since registered payment + 14 days doesnt exist "}` when no payment does (api.md §9.5).',
        errorResponses: {
          404: 'No channel with this event and VS, or no matching payment in the 14 days (see the description for the two texts).',
        },
      }),
    )
    .input(ZCheckLastPaymentsInput)
    .output(z.array(ZPaymentMatch))
    .mutation(({ ctx, input }) => checkLastPayments(ctx.em, input)),
} satisfies TRPCRouterRecord;

import type { TRPCRouterRecord } from '@trpc/server';
import { ZCreditCardPaymentInput, ZProfileIdOutput } from '@klub/contracts';
import { createCreditCardPayment } from '@klub/domain';
import { rest, scoped } from '../../trpc/procedures.js';

export const creditCardPaymentRouter = {
  create: scoped('can_create_credit_card_payment', { or: 'staff' })
    .meta(
      rest('POST', '/create_credit_card_payment/', {
        tags: ['integration'],
        summary: 'Record a card payment',
        description:
          'Finds the donor by e-mail (a profile e-mail for `user`, a company contact for `company`) and their channel for the event, and stores a payment of type `creadit_card` (sic) on it. Answers 200 `{"profile_id": N}`. 404 `{"detail": "Email Does not exist"}` or `{"detail": "Donor payment Channel with this event/money_account/VS doesnt exist"}` (api.md §9.7).',
        errorResponses: { 404: '`{"detail": "Email Does not exist"}`, or no channel of that donor for the event.' },
      }),
    )
    .input(ZCreditCardPaymentInput)
    .output(ZProfileIdOutput)
    .mutation(({ ctx, input }) => createCreditCardPayment(ctx.em, input)),
} satisfies TRPCRouterRecord;

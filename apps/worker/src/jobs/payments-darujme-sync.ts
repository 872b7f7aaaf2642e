import { paymentsDarujmeSync } from '@klub/contracts';
import { syncDarujme } from '@klub/domain';
import { defineHandler } from './define-handler.js';

/** Daily, when DARUJME_ENABLED (jobs.md §2 P3 ran at 03:28). */
export const schedule = { id: 'payments-darujme-sync-daily', pattern: '28 3 * * *' } as const;

/** `payments.darujme-sync` (jobs.md §7); an account whose API call fails is logged and skipped. */
export const handler = defineHandler(paymentsDarujmeSync, async (_payload, ctx) => {
  const results = await syncDarujme(ctx.em, ctx.deps.darujme, {
    emailAsUsername: ctx.deps.env.DARUJME_EMAIL_AS_USERNAME,
    onAccountError: (moneyAccountId, error) =>
      ctx.log.error({ moneyAccountId, err: error.message }, 'Darujme account skipped'),
  });
  await ctx.progress(100);
  return results;
});

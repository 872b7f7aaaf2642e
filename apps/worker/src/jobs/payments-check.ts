import { paymentsCheck } from '@klub/contracts';
import { checkPayments } from '@klub/domain';
import { defineHandler } from './define-handler.js';

/** Nightly in the business time zone (operations.md §4): after midnight, before anyone looks. */
export const schedule = { id: 'payments-check-nightly', pattern: '0 3 * * *' } as const;

/** `payments.check` (jobs.md §5.2): one set-based recomputation of every donor channel. */
export const handler = defineHandler(paymentsCheck, async (payload, ctx) => {
  const started = Date.now();
  await ctx.progress(1);
  const result = await ctx.em.transactional((tx) =>
    checkPayments(tx, {
      scope: payload.accountStatementId
        ? { kind: 'statement', accountStatementId: payload.accountStatementId }
        : { kind: 'all' },
    }),
  );
  await ctx.progress(100);
  ctx.log.info({ ...result, requestedBy: payload.requestedBy, ms: Date.now() - started }, 'payment check done');
  return result;
});

import { mailingAutomaticEvaluate } from '@klub/contracts';
import { evaluateSegmentMessages } from '@klub/domain';
import { defineHandler } from './define-handler.js';

/** Nightly after the payment check (03:00), so "late" segments see tonight's lateness. */
export const schedule = { id: 'automatic-messages-nightly', pattern: '30 3 * * *' } as const;

/**
 * `mailing.automatic-evaluate` (issue 19 §3): each enabled segment message gets a send for each
 * person who entered its segment (one statement per message); the sends go out through
 * `mailing.automatic-send`, queued in the same transaction.
 */
export const handler = defineHandler(mailingAutomaticEvaluate, async (payload, ctx) => {
  const made = await evaluateSegmentMessages(ctx.deps.orm.em.fork(), payload.today ? { today: payload.today } : {});
  ctx.log.info({ made }, 'automatic messages evaluated');
  return { made };
});

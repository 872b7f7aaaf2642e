import { UnrecoverableError } from 'bullmq';
import { claimSentEmail, markSentEmailSent, releaseSentEmailClaim } from '@klub/domain';
import { SMTP_TIMEOUT_MS, type OutgoingEmail } from '@klub/emails';
import type { HandlerContext } from './define-handler.js';

export type SendOutcome =
  { outcome: 'sent'; messageId: string; attempt: number } | { outcome: 'already-sent'; sentAt: string };

/**
 * How old a `sending` claim must be before a retry takes it over. Longer than one SMTP exchange
 * can wait (connect, greeting, a reply: each bounded by SMTP_TIMEOUT_MS), so the attempt that took
 * the claim has given up or died by then; no longer than BullMQ's job lock (30 s), whose expiry
 * makes a SIGKILLed worker's job run again: that re-run, or its first back-off retry, resends.
 */
export const CLAIM_LEASE_MS = 3 * SMTP_TIMEOUT_MS;

/** E-mail jobs come from the outbox relay, whose job ids are `outbox-<id>` (STYLE.md §2.6). */
export function outboxIdOf(jobId: string | undefined): number {
  const match = /^outbox-(\d+)$/.exec(jobId ?? '');
  if (!match)
    throw new UnrecoverableError(`e-mail jobs are enqueued through the outbox (job id outbox-<id>), got ${jobId}`);
  return Number(match[1]);
}

/**
 * Sends one message per outbox row, exactly once in effect, so a retried or duplicated job never
 * sends a second one:
 * 1. claim: insert a `sent_email` row (status `sending`, `claimed_at`, `attempts` 1), unique on
 *    the outbox id, committed before anything leaves;
 * 2. hand the message to SMTP with the Message-ID `<outbox-<id>@klub>`;
 * 3. mark the row `sent`.
 * A job that finds the row `sent` stops. One that finds it `sending` with a claim older than
 * CLAIM_LEASE_MS is a retry after a crash between 1 and 3: it takes the claim over (attempts + 1,
 * a warning in the log) and sends again with the same Message-ID, so a mail system that did get
 * the first copy drops the second as a duplicate. A younger claim may belong to an attempt that
 * is still sending: the job fails with an ordinary error and BullMQ retries it after a back-off,
 * by when the claim is either `sent` or stale. The one duplicate left is a crash in the instant
 * between the SMTP server's acceptance and step 3, and it carries the same Message-ID. When SMTP
 * itself refuses (step 2 throws) the claim is released and the error rethrown, so BullMQ retries.
 */
export async function sendOnce(ctx: HandlerContext, message: OutgoingEmail): Promise<SendOutcome> {
  const outboxId = outboxIdOf(ctx.job.id);
  const em = ctx.deps.orm.em.fork(); // autocommit: the claim must be visible before the send
  const claim = await claimSentEmail(em, { outboxId, to: message.to, subject: message.subject, leaseMs: CLAIM_LEASE_MS });
  if ('sentAt' in claim) {
    ctx.log.info({ outboxId }, 'e-mail already sent; nothing to do');
    return { outcome: 'already-sent', sentAt: claim.sentAt };
  }
  if (claim.attempt > 1)
    ctx.log.warn(
      { outboxId, to: message.to, attempt: claim.attempt },
      `e-mail of outbox message ${outboxId} was claimed by an attempt that never confirmed it (interrupted mid-send?); resending with the same Message-ID`,
    );
  let messageId: string;
  try {
    ({ messageId } = await ctx.deps.mailer.send({
      ...message,
      messageId: message.messageId ?? `<outbox-${outboxId}@klub>`,
    }));
  } catch (err) {
    // Only this attempt's claim: another may have taken it over meanwhile.
    await releaseSentEmailClaim(em, outboxId, claim.attempt);
    // A 5xx reply is the server's final word (a sender or recipient it will never accept, such as
    // a unit still on the placeholder `from_email_str` of domain.md): retrying it eight times over
    // four minutes only burns worker time. The job fails at once and stays in the failed set.
    if (isPermanentSmtpRefusal(err)) throw new UnrecoverableError(`SMTP refused the message for good: ${(err as Error).message}`);
    throw err;
  }
  await ctx.deps.hooks?.afterSend?.(outboxId);
  await markSentEmailSent(em, outboxId);
  ctx.log.info({ outboxId, to: message.to, messageId, attempt: claim.attempt }, 'e-mail sent');
  return { outcome: 'sent', messageId, attempt: claim.attempt };
}

/** nodemailer's error for a 5xx reply (a permanent refusal, RFC 5321 §4.2.1); 4xx and socket errors are transient. */
export function isPermanentSmtpRefusal(err: unknown): boolean {
  const code = (err as { responseCode?: unknown } | null)?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

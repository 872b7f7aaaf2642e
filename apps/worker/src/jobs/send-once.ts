import { UnrecoverableError } from 'bullmq';
import { execute } from '@klub/domain';
import type { OutgoingEmail } from '@klub/emails';
import type { HandlerContext } from './define-handler.js';

export type SendOutcome = { outcome: 'sent'; messageId: string } | { outcome: 'already-sent'; sentAt: string };

/** E-mail jobs come from the outbox relay, whose job ids are `outbox-<id>` (STYLE.md §2.6). */
export function outboxIdOf(jobId: string | undefined): number {
  const match = /^outbox-(\d+)$/.exec(jobId ?? '');
  if (!match)
    throw new UnrecoverableError(`e-mail jobs are enqueued through the outbox (job id outbox-<id>), got ${jobId}`);
  return Number(match[1]);
}

/**
 * Sends at most one message per outbox row, so a retried or duplicated job never sends twice:
 * 1. claim: insert a `sent_email` row (status `sending`), unique on the outbox id, committed
 *    before anything leaves;
 * 2. hand the message to SMTP;
 * 3. mark the row `sent`.
 * A job that finds the row `sent` stops. One that finds it still `sending` is a retry after a
 * crash between 1 and 3: the message may or may not have gone out, so it is not sent again and the
 * job fails (UnrecoverableError) with a message saying so; it stays in the failed set to be looked
 * at. When SMTP itself refuses (step 2 throws) nothing went out: the claim is released and the
 * error rethrown, so BullMQ retries with back-off.
 */
export async function sendOnce(ctx: HandlerContext, message: OutgoingEmail): Promise<SendOutcome> {
  const outboxId = outboxIdOf(ctx.job.id);
  const em = ctx.deps.orm.em.fork(); // autocommit: the claim must be visible before the send
  const claimed = await execute<Array<{ id: string }>>(
    em,
    `insert into sent_email (outbox_message_id, "to", subject, status, created_at)
     values (?, ?, ?, 'sending', now())
     on conflict (outbox_message_id) do nothing
     returning id`,
    [outboxId, message.to, message.subject],
  );
  if (claimed.length === 0) {
    const [row] = await execute<Array<{ status: string; created_at: Date; sent_at: Date | null }>>(
      em,
      'select status, created_at, sent_at from sent_email where outbox_message_id = ?',
      [outboxId],
    );
    if (row?.status === 'sent') {
      ctx.log.info({ outboxId }, 'e-mail already sent; nothing to do');
      return { outcome: 'already-sent', sentAt: new Date(row.sent_at ?? row.created_at).toISOString() };
    }
    throw new UnrecoverableError(
      `e-mail of outbox message ${outboxId} to ${message.to} was handed to SMTP at ` +
        `${new Date(row?.created_at ?? Date.now()).toISOString()} but never confirmed (crash mid-send?); ` +
        'not sent again: check the mail server log before re-sending by hand',
    );
  }
  let messageId: string;
  try {
    ({ messageId } = await ctx.deps.mailer.send({
      ...message,
      messageId: message.messageId ?? `<outbox-${outboxId}@klub>`,
    }));
  } catch (err) {
    await execute(em, `delete from sent_email where outbox_message_id = ? and status = 'sending'`, [outboxId]);
    throw err;
  }
  await ctx.deps.hooks?.afterSend?.(outboxId);
  await execute(em, `update sent_email set status = 'sent', sent_at = now() where outbox_message_id = ?`, [outboxId]);
  ctx.log.info({ outboxId, to: message.to, messageId }, 'e-mail sent');
  return { outcome: 'sent', messageId };
}

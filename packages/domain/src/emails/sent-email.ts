import type { EntityManager } from '@mikro-orm/postgresql';
import { execute } from '../sql.js';

/*
 * The `sent_email` claims that make an e-mail job send its message once in effect (the protocol:
 * the worker's `jobs/send-once.ts`). Each runs in autocommit on the `em` given: a claim must be
 * visible before anything leaves.
 */

/** This attempt's claim on the outbox row (fresh, or taken over when older than `leaseMs`), or when the row was already sent. */
export async function claimSentEmail(
  em: EntityManager,
  { outboxId, to, subject, leaseMs }: { outboxId: number; to: string; subject: string; leaseMs: number },
): Promise<{ attempt: number } | { sentAt: string }> {
  const [claimed] = await execute<Array<{ attempts: number }>>(
    em,
    `insert into sent_email (outbox_message_id, "to", subject, status, created_at, claimed_at, attempts)
     values (?, ?, ?, 'sending', now(), now(), 1)
     on conflict (outbox_message_id) do nothing
     returning attempts`,
    [outboxId, to, subject],
  );
  if (claimed) return { attempt: claimed.attempts };
  // One statement, so of two retries finding the same stale claim only one takes it over. The
  // database's clock alone measures the lease, whatever the workers' clocks say.
  const [takenOver] = await execute<Array<{ attempts: number }>>(
    em,
    `update sent_email set attempts = attempts + 1, claimed_at = now()
     where outbox_message_id = ? and status = 'sending' and claimed_at < now() - ?::interval
     returning attempts`,
    [outboxId, `${leaseMs} milliseconds`],
  );
  if (takenOver) return { attempt: takenOver.attempts };
  const [row] = await execute<
    Array<{ status: string; created_at: Date; sent_at: Date | null; claimed_at: Date; attempts: number }>
  >(em, 'select status, created_at, sent_at, claimed_at, attempts from sent_email where outbox_message_id = ?', [
    outboxId,
  ]);
  if (row?.status === 'sent') return { sentAt: new Date(row.sent_at ?? row.created_at).toISOString() };
  throw new Error(
    row
      ? `e-mail of outbox message ${outboxId} to ${to} was claimed at ${new Date(row.claimed_at).toISOString()} ` +
          `by attempt ${row.attempts}, which may still be sending; retrying later`
      : `the claim on the e-mail of outbox message ${outboxId} was just released; retrying`,
  );
}

/** Gives up this attempt's claim (SMTP refused): only this attempt's, another may have taken it over meanwhile. */
export async function releaseSentEmailClaim(em: EntityManager, outboxId: number, attempt: number): Promise<void> {
  await execute(em, `delete from sent_email where outbox_message_id = ? and status = 'sending' and attempts = ?`, [outboxId, attempt]);
}

export async function markSentEmailSent(em: EntityManager, outboxId: number): Promise<void> {
  await execute(em, `update sent_email set status = 'sent', sent_at = now() where outbox_message_id = ?`, [outboxId]);
}

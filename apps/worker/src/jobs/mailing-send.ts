import { setTimeout as sleep } from 'node:timers/promises';
import { mailingSend } from '@klub/contracts';
import {
  claimMailingRecipients,
  mailingCopySource,
  finishMailing,
  fixMailingRecipients,
  mailingState,
  mailingInteractionType,
  recordRefusedCopy,
  recordSentCopies,
  releaseMailingClaims,
  type ClaimedRecipient,
  type SentCopy,
} from '@klub/domain';
import { MailingCopies } from '@klub/emails';
import { fileStorageAt } from '@klub/storage';
import type { KeyedEnv } from '@klub/config';
import type { EntityManager } from '@mikro-orm/postgresql';
import { defineHandler } from './define-handler.js';
import { CLAIM_LEASE_MS } from './send-once.js';

/** The copies of a mailing as this worker makes them (key, public address, file storage). */
export function mailingCopies(em: EntityManager, env: KeyedEnv, mailingId: number) {
  const files = fileStorageAt(env.STORAGE_DIR);
  return new MailingCopies(
    mailingCopySource(em, mailingId, { secretKey: env.SECRET_KEY, publicApiUrl: env.PUBLIC_API_URL, readFile: (key) => files.read(key) }),
  );
}

/** An SMTP answer that no retry changes: the server refused the address (5xx). */
export function refusedAddress(err: unknown): boolean {
  const code = (err as { responseCode?: number }).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

/** How long an accepted copy may wait to be recorded: all a kill can make the worker resend. */
const RECORD_WITHIN_MS = 50;
const RECORD_AT_MOST = 50;

/**
 * Records accepted copies a few at a time (one statement, one commit each) instead of one by one,
 * which would cost a commit per message; a copy waits at most RECORD_WITHIN_MS.
 */
export class CopyRecorder<C = SentCopy> {
  private buffer: C[] = [];
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly write: (copies: C[]) => Promise<void>) {}

  add(copy: C): void {
    this.buffer.push(copy);
    if (this.buffer.length >= RECORD_AT_MOST) void this.flush().catch(() => undefined);
    else this.timer ??= setTimeout(() => void this.flush().catch(() => undefined), RECORD_WITHIN_MS);
  }

  /** Writes what is buffered; rejects when this or an earlier write failed. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const copies = this.buffer.splice(0);
    if (copies.length) this.chain = this.chain.then(() => this.write(copies));
    return this.chain;
  }
}

/** Start times `1000 / rate` ms apart: at most `rate` messages a second, however many run at once. */
export function throttle(rate: number): () => Promise<void> {
  const gap = 1000 / rate;
  let next = performance.now();
  return async () => {
    const at = Math.max(next, performance.now());
    next = at + gap;
    const wait = at - performance.now();
    if (wait > 0) await sleep(wait);
  };
}

/**
 * `mailing.send` (issue 19 §2): fixes the recipients on the first run, then sends in batches:
 * claim (mailing_recipient, see claimMailingRecipients), send each with a Message-ID of the
 * mailing and person, and record it as soon as SMTP answered (sent + interaction within RECORD_WITHIN_MS, or refused);
 * claims of passing failures go back to pending and the job is retried. Each person gets at most
 * one copy in effect: a worker killed mid-batch leaves its claims `sending`; the job's next run
 * (BullMQ hands a killed worker's job on once its lock expires) takes them over after the lease
 * and resends with the same Message-ID the copies not yet recorded (accepted in the last
 * RECORD_WITHIN_MS), the duplicate the send-once claims of single e-mails also allow. Cancelling stops between batches; `resume` queues the job again.
 */
export const handler = defineHandler(mailingSend, async ({ mailingId }, ctx) => {
  const { env, orm, mailer } = ctx.deps;
  const status = await fixMailingRecipients(orm.em.fork(), mailingId);
  if (status !== 'sending') return { outcome: status };
  const copies = mailingCopies(orm.em.fork(), env, mailingId);
  const slot = throttle(env.MAILING_RATE);
  const parallel = Math.max(1, Math.min(16, env.MAILING_RATE));
  const batchSize = Math.max(10, Math.min(500, env.MAILING_RATE * 5));
  const typeId = await mailingInteractionType(orm.em.fork());
  let sentNow = 0;
  for (;;) {
    const em = orm.em.fork();
    const state = await mailingState(em, mailingId);
    await ctx.progress(state.total ? (100 * state.done) / state.total : 100);
    if (state.status !== 'sending') return { outcome: state.status, sent: sentNow };
    const batch = await claimMailingRecipients(em, mailingId, batchSize, CLAIM_LEASE_MS);
    if (!batch.length) {
      // Claims younger than the lease may belong to an attempt that is still sending.
      if (state.inFlight > 0) throw new Error(`mailing ${mailingId}: ${state.inFlight} copies claimed by another attempt; retrying later`);
      await finishMailing(em, mailingId);
      await ctx.progress(100);
      return { outcome: 'done', sent: sentNow };
    }
    const released: number[] = [];
    const recorder = new CopyRecorder((copies) => recordSentCopies(em, mailingId, typeId, copies));
    let transient: Error | undefined;
    const queue = [...batch];
    const sendOne = async (r: ClaimedRecipient) => {
      if (r.attempt > 1) ctx.log.warn({ mailingId, profileId: r.profileId, attempt: r.attempt }, 'copy claimed by an attempt that never confirmed it; resending with the same Message-ID');
      const copy = await copies.copy(r, r.email);
      await slot();
      try {
        await mailer.send(copy);
      } catch (err) {
        if (refusedAddress(err)) await recordRefusedCopy(em, mailingId, r.profileId, (err as Error).message);
        else {
          released.push(r.profileId);
          transient = err instanceof Error ? err : new Error(`SMTP: ${JSON.stringify(err)}`);
        }
        return;
      }
      await ctx.deps.hooks?.afterMailingSend?.(mailingId, r.profileId);
      recorder.add({ profileId: r.profileId, subject: copy.subject, text: copy.text });
      sentNow += 1;
    };
    await Promise.all(
      Array.from({ length: parallel }, async () => {
        for (let r = queue.shift(); r; r = queue.shift()) await sendOne(r);
      }),
    ).finally(() => recorder.flush());
    await recorder.flush();
    await releaseMailingClaims(em, mailingId, released);
    // The released copies are pending again; BullMQ retries the job after a back-off.
    if (transient) throw transient;
  }
});

import { setTimeout as sleep } from 'node:timers/promises';
import { Job } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { emailPasswordReset, type JobPayload } from '@klub/contracts';
import { execute } from '@klub/db/testing';
import { enqueue } from '@klub/domain/outbox';
import type { HandlerContext } from '../../src/jobs/define-handler.js';
import { CLAIM_LEASE_MS, sendOnce } from '../../src/jobs/send-once.js';
import { useHarness } from '../helpers/harness.js';

const payload: JobPayload<typeof emailPasswordReset> = {
  profileId: 57,
  email: 'ann@example.org',
  username: 'ann.novak',
  from: 'Auto*Mat <klub@auto-mat.cz>',
  uid: 'NTc',
  token: 'cbk5xa-0f1e2d3c4b5a69788796a5b4c3d2e1f0',
  lang: 'cs',
};

/** The sent_email claim a job finds (issue 6: exactly once in effect). */
describe('the e-mail claim left by an earlier attempt', () => {
  const h = useHarness('email-claim');

  /** Enqueues through the outbox with `sent_email` already holding `claim`, then relays. */
  async function relayWithClaim(claim: { status: string; claimedAgo: string }): Promise<Job> {
    const msg = await h.orm.em.fork().transactional(async (tx) => enqueue(tx, emailPasswordReset, payload));
    await execute(
      h.orm.em.fork(),
      `insert into sent_email (outbox_message_id, "to", subject, status, created_at, claimed_at, sent_at)
       values (?, ?, 'Obnovení hesla', ?, now() - ?::interval, now() - ?::interval, case when ? = 'sent' then now() end)`,
      [msg.id, payload.email, claim.status, claim.claimedAgo, claim.claimedAgo, claim.status],
    );
    expect(await h.relay.relayOnce()).toBe(1);
    return (await h.queues.email.getJob(`outbox-${msg.id}`))!;
  }

  const claims = () =>
    execute<Array<{ status: string; attempts: number }>>(h.orm.em.fork(), 'select status, attempts from sent_email');

  it('is taken over once older than the lease: the message goes out once more, with the same Message-ID', async () => {
    h.start();
    const job = await relayWithClaim({ status: 'sending', claimedAgo: `${CLAIM_LEASE_MS + 1000} milliseconds` });
    expect(await job.waitUntilFinished(h.events.email, 15_000)).toMatchObject({
      outcome: 'sent',
      messageId: `<${job.id!}@klub>`,
      attempt: 2,
    });
    const [mail] = await h.sink.waitFor(1);
    expect(mail!.messageId).toBe(`<${job.id!}@klub>`);
    expect(mail!.subject).toBe('Obnovení hesla');
    await sleep(300);
    expect(h.sink.messages).toHaveLength(1);
    expect(await claims()).toEqual([{ status: 'sent', attempts: 2 }]);
  });

  it('is not taken over while younger than the lease: the job fails with a retryable error and sends nothing', async () => {
    h.start();
    const job = await relayWithClaim({ status: 'sending', claimedAgo: '1 second' });
    while ((await job.getState()) !== 'delayed') await sleep(20);
    const retried = (await Job.fromId(h.queues.email, job.id!))!;
    expect(retried.attemptsMade).toBe(1);
    expect(retried.failedReason).toMatch(/by attempt 1, which may still be sending; retrying later$/);
    await sleep(300);
    expect(h.sink.received).toBe(0);
    expect(await claims()).toEqual([{ status: 'sending', attempts: 1 }]);
  });

  it('is never resent once sent, however old', async () => {
    h.start();
    const job = await relayWithClaim({ status: 'sent', claimedAgo: '1 day' });
    expect(await job.waitUntilFinished(h.events.email, 15_000)).toMatchObject({ outcome: 'already-sent' });
    await sleep(300);
    expect(h.sink.received).toBe(0);
    expect(await claims()).toEqual([{ status: 'sent', attempts: 1 }]);
  });

  it('is taken over by only one of two attempts that find it stale at the same time', async () => {
    const msg = await h.orm.em.fork().transactional(async (tx) => enqueue(tx, emailPasswordReset, payload));
    await execute(
      h.orm.em.fork(),
      `insert into sent_email (outbox_message_id, "to", subject, status, claimed_at) values (?, ?, 's', 'sending', now() - interval '1 hour')`,
      [msg.id, payload.email],
    );
    // Two runs of the same job (say a stalled re-run racing a zombie), straight into sendOnce.
    const ctx = {
      job: { id: `outbox-${msg.id}` },
      deps: h.deps,
      log: h.deps.log,
      em: h.orm.em.fork(),
      progress: () => Promise.resolve(),
    } as unknown as HandlerContext;
    const message = { from: payload.from, to: payload.email, subject: 's', text: 't', html: '<p>t</p>' };
    const outcomes = await Promise.allSettled([sendOnce(ctx, message), sendOnce(ctx, message)]);
    const sent = outcomes.filter((o) => o.status === 'fulfilled' && o.value.outcome === 'sent');
    expect(sent).toHaveLength(1);
    const other = outcomes.find((o) => o !== sent[0])!;
    if (other.status === 'rejected') expect(String(other.reason)).toMatch(/may still be sending/);
    else expect(other.value).toMatchObject({ outcome: 'already-sent' });
    await sleep(300);
    expect(h.sink.received).toBe(1);
    expect(await claims()).toEqual([{ status: 'sent', attempts: 2 }]);
  });

  it('is released when SMTP refuses the message for good (5xx), and the job is not retried', async () => {
    h.start();
    // domain.md's default sender of a unit: an address with an underscore in its domain, which
    // SMTP servers (the sink included) refuse with 501 at MAIL FROM.
    const msg = await h.orm.em
      .fork()
      .transactional(async (tx) => enqueue(tx, emailPasswordReset, { ...payload, from: 'Example <example@nothing_will_sent.ex>' }));
    expect(await h.relay.relayOnce()).toBe(1);
    const job = (await h.queues.email.getJob(`outbox-${msg.id}`))!;
    while ((await job.getState()) !== 'failed') {
      expect(await job.getState()).not.toBe('delayed');
      await sleep(20);
    }
    const failed = (await Job.fromId(h.queues.email, job.id!))!;
    expect(failed.attemptsMade).toBe(1);
    expect(failed.failedReason).toMatch(/^SMTP refused the message for good: .*501/);
    expect(h.sink.received).toBe(0);
    expect(await claims()).toEqual([]);
  });
});

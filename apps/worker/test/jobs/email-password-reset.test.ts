import { setTimeout as sleep } from 'node:timers/promises';
import { Job } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { emailPasswordReset, type JobPayload } from '@klub/contracts';
import { execute } from '@klub/db/testing';
import { enqueue } from '@klub/domain/outbox';
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

describe('email.password-reset (jobs.md §4.2, operations.md §4)', () => {
  const h = useHarness('email-password-reset');

  /** Through the outbox and its relay, as the API enqueues it. */
  async function enqueueAndRelay(data = payload): Promise<Job> {
    const msg = await h.orm.em.fork().transactional(async (tx) => enqueue(tx, emailPasswordReset, data));
    expect(await h.relay.relayOnce()).toBe(1);
    return (await h.queues.email.getJob(`outbox-${msg.id}`))!;
  }

  it('arrives once with both parts, the unit as sender, the Czech subject, the username and the link', async () => {
    h.start();
    const job = await enqueueAndRelay();
    expect(await job.waitUntilFinished(h.events.email, 15_000)).toMatchObject({ outcome: 'sent' });
    const [mail] = await h.sink.waitFor(1);
    expect(mail!.from?.value).toEqual([{ name: 'Auto*Mat', address: 'klub@auto-mat.cz' }]);
    expect(mail!.subject).toBe('Obnovení hesla');
    const link = 'https://klub.example.org/reset?u=NTc&t=cbk5xa-0f1e2d3c4b5a69788796a5b4c3d2e1f0';
    expect(mail!.text).toContain(link);
    expect(mail!.text).toContain('Vaše uživatelské jméno: ann.novak');
    expect(mail!.text).toContain('tým Klub přátel');
    expect(mail!.html).toContain(`href="${link.replace('&', '&amp;')}"`);
    const rows = await execute(h.orm.em.fork(), 'select "to", subject, status from sent_email');
    expect(rows).toEqual([{ to: 'ann@example.org', subject: 'Obnovení hesla', status: 'sent' }]);
  });

  it('writes in English when the request was English', async () => {
    h.start();
    const job = await enqueueAndRelay({ ...payload, lang: 'en' });
    await job.waitUntilFinished(h.events.email, 15_000);
    const [mail] = await h.sink.waitFor(1);
    expect(mail!.subject).toBe('Password reset');
    expect(mail!.text).toContain('Your username: ann.novak');
  });

  it('after a failure right after the send, waits out the claim lease, then resends with the same Message-ID', async () => {
    let crashes = 0;
    h.start({
      hooks: {
        afterSend: () => {
          if (crashes++ === 0) throw new Error('simulated crash after the SMTP server accepted the message');
        },
      },
    });
    const job = await enqueueAndRelay();
    await h.sink.waitFor(1);
    // Until the lease runs out the claim may belong to a send still under way: retried, not resent.
    while ((await job.getState()) !== 'delayed') await sleep(20);
    expect(h.sink.messages).toHaveLength(1);
    await execute(h.orm.em.fork(), `update sent_email set claimed_at = now() - interval '1 hour'`);
    expect(await job.waitUntilFinished(h.events.email, 20_000)).toMatchObject({ outcome: 'sent', attempt: 2 });
    const [first, second] = await h.sink.waitFor(2);
    expect(h.sink.messages).toHaveLength(2);
    expect(second!.messageId).toBe(first!.messageId);
    expect(first!.messageId).toBe(`<${job.id!}@klub>`);
    const rows = await execute(h.orm.em.fork(), 'select status, attempts from sent_email');
    expect(rows).toEqual([{ status: 'sent', attempts: 2 }]);
  });

  it('does not send again when the same outbox row is published a second time', async () => {
    h.start();
    const job = await enqueueAndRelay();
    await job.waitUntilFinished(h.events.email, 15_000);
    await job.remove();
    const again = await h.queues.email.add(job.name, job.data, { jobId: job.id });
    expect(await again.waitUntilFinished(h.events.email, 15_000)).toMatchObject({ outcome: 'already-sent' });
    await sleep(300);
    expect(h.sink.messages).toHaveLength(1);
  });

  it('retries with back-off while the SMTP server refuses, then sends once', async () => {
    let refusals = 0;
    h.start({
      mailer: {
        send: async (m) => {
          if (refusals++ === 0) throw new Error('connect ECONNREFUSED');
          return h.deps.mailer.send(m);
        },
        close: () => undefined,
      },
    });
    const job = await enqueueAndRelay();
    expect(await job.waitUntilFinished(h.events.email, 20_000)).toMatchObject({ outcome: 'sent' });
    expect(h.sink.messages).toHaveLength(1);
    expect((await Job.fromId(h.queues.email, job.id!))!.attemptsMade).toBe(2);
  });

  it('fails a job whose payload does not match its schema, without retrying', async () => {
    h.start();
    const job = await h.queues.email.add(
      'email.password-reset',
      { ...payload, email: 'not an address' },
      { jobId: 'outbox-999' },
    );
    await expect(job.waitUntilFinished(h.events.email, 15_000)).rejects.toThrow(
      'invalid payload for email.password-reset: email',
    );
    expect((await Job.fromId(h.queues.email, job.id!))!.attemptsMade).toBe(1);
  });

  it('lets a running job finish when the worker shuts down', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const [emailWorker] = h.start({
      mailer: {
        send: async (m) => {
          await gate;
          return h.deps.mailer.send(m);
        },
        close: () => undefined,
      },
    });
    const job = await enqueueAndRelay();
    while ((await job.getState()) !== 'active') await sleep(20);
    const closing = emailWorker!.close();
    setTimeout(release, 300);
    await closing;
    expect(await (await Job.fromId(h.queues.email, job.id!))!.getState()).toBe('completed');
    expect(h.sink.messages).toHaveLength(1);
  });
});

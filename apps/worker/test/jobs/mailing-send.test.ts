import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { emailMailingTest, mailingSend } from '@klub/contracts';
import { execute, makeDonorPaymentChannel, makeMoneyAccount, makePayment, makeProfile, makeUnit } from '@klub/db/testing';
import { addUnitsToProfile, createMailing, retrieveMailing, sendMailing } from '@klub/domain';
import { enqueue } from '@klub/domain/outbox';
import type { HandlerContext } from '../../src/jobs/define-handler.js';
import { handler } from '../../src/jobs/mailing-send.js';
import { CLAIM_LEASE_MS } from '../../src/jobs/send-once.js';
import { useHarness } from '../helpers/harness.js';

const REFUSED = 'gone@example.org';

describe('mailing.send and email.mailing-test (issue 19 §2)', () => {
  const h = useHarness('mailing-send', { MAILING_RATE: '500', PUBLIC_API_URL: 'https://klub.example.org' }, { refuse: (a) => a === REFUSED });

  /** A unit, six people (three to send to, one the server refuses, three skipped) and a draft. */
  async function arrange() {
    const em = h.orm.em.fork();
    const unit = await makeUnit(em, { name: 'Auto*Mat', fromEmailStr: 'Auto*Mat <klub@auto-mat.cz>' });
    const account = await makeMoneyAccount(em, { administrativeUnit: unit });
    const person = async (firstName: string, over: Record<string, unknown> = {}) => {
      const p = await makeProfile(em, { firstName, email: `${firstName.toLowerCase()}@example.org`, ...over });
      await addUnitsToProfile(em, p.id, [unit.id], { source: 'staff', actorId: null });
      return p;
    };
    const jana = await person('Jana', { sex: 'female', lastName: 'Nová' });
    const petr = await person('Petr', { sex: 'male', addressment: 'Milý Petře' });
    const john = await person('John', { language: 'en', sex: 'male' });
    const gone = await person('Gone', { email: REFUSED });
    const noConsent = await person('Nina');
    await execute(em, 'update preference set send_mailing_lists = false where user_id = ?', [noConsent.id]);
    const noEmail = await person('Olga', { email: null });
    const inactive = await person('Ivan');
    await execute(em, 'update profile set is_active = false where id = ?', [inactive.id]);
    const channel = await makeDonorPaymentChannel(em, { vs: '7001', user: jana, moneyAccount: account, regularAmount: 300 });
    await makePayment(em, { userDonorPaymentChannel: channel, amount: 300, date: `${new Date().getFullYear()}-01-15` });
    await makePayment(em, { userDonorPaymentChannel: channel, amount: 300, date: `${new Date().getFullYear()}-02-15` });
    const mailing = await createMailing(
      em,
      {
        name: 'Podzim',
        administrative_unit: unit.id,
        subject_cs: 'Novinky pro {{first_name}}',
        body_cs: '{{salutation}},\n\nbyl{|a} jste s námi: letos {{total_this_year}} Kč, VS {{vs}}.\n\n{{unit_name}} <3',
        subject_en: 'News for {{first_name}}',
        body_en: '{{salutation}},\n\nthank you.',
        segment: null,
        profiles: [jana, petr, john, gone, noConsent, noEmail, inactive].map((p) => p.id),
      },
      null,
    );
    return { unit, jana, petr, john, gone, mailing };
  }

  async function runSend(mailingId: number) {
    await h.orm.em.fork().transactional(async (tx) => sendMailing(tx, mailingId, null));
    await h.relay.relayOnce();
    const [row] = await execute<Array<{ id: number }>>(h.orm.em.fork(), `select max(id) as id from outbox_message where job_name = 'mailing.send'`);
    return (await h.queues.mailing.getJob(`outbox-${row!.id}`))!;
  }

  it('sends one personalised copy to each consenting person, records it on their timeline, skips and counts the rest, records the refusal', async () => {
    const fx = await arrange();
    h.start();
    const job = await runSend(fx.mailing.id);
    expect(await job.waitUntilFinished(h.events.mailing, 20_000)).toEqual({ outcome: 'done', sent: 3 });
    const mails = await h.sink.waitFor(3);
    await sleep(200);
    expect(h.sink.messages).toHaveLength(3);
    const byTo = new Map(mails.map((m) => [(m.to as { text: string }).text, m]));
    const jana = byTo.get('jana@example.org')!;
    expect(jana.subject).toBe('Novinky pro Jana');
    expect(jana.text).toContain('Vážená přítelkyně,');
    expect(jana.text).toContain('byla jste s námi: letos 600 Kč, VS 7001.');
    expect(jana.html).toContain('Auto*Mat &lt;3');
    expect(jana.from?.value).toEqual([{ name: 'Auto*Mat', address: 'klub@auto-mat.cz' }]);
    expect(jana.messageId).toBe(`<mailing-${fx.mailing.id}-${fx.jana.id}@klub>`);
    const header = (key: string) => jana.headerLines.find((l) => l.key === key)?.line.replace(/\r\n\s+/g, ' ');
    const link = /^List-Unsubscribe: <(https:\/\/klub\.example\.org\/unsubscribe\/[^>]+\/)>$/.exec(header('list-unsubscribe') ?? '')?.[1];
    expect(link).toBeDefined();
    expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(jana.text).toContain(link);
    expect(byTo.get('petr@example.org')!.text).toContain('Milý Petře,\n\nbyl jste s námi: letos 0 Kč, VS .');
    expect(byTo.get('john@example.org')!.subject).toBe('News for John');
    expect(byTo.get('john@example.org')!.text).toContain('Dear friend,');

    const done = await retrieveMailing(h.orm.em.fork(), fx.mailing.id);
    expect(done.status).toBe('done');
    expect(done.progress).toEqual({ total: 7, pending: 0, sent: 3, failed: 1, skipped: { no_consent: 1, no_email: 1, inactive: 1 } });
    const [failed] = await execute<Array<{ error: string }>>(h.orm.em.fork(), `select error from mailing_recipient where status = 'failed'`);
    expect(failed!.error).toMatch(/550.*User unknown/);
    const timeline = await execute<Array<{ user_id: number; subject: string; communication_type: string; dispatched: boolean; settlement: string }>>(
      h.orm.em.fork(),
      `select i.user_id, i.subject, i.communication_type, i.dispatched, i.settlement from interaction i order by i.user_id`,
    );
    expect(timeline).toEqual(
      [fx.jana, fx.petr, fx.john].map((p) => ({
        user_id: p.id,
        subject: `${p.language === 'en' ? 'News' : 'Novinky'} for ${p.firstName}`.replace('Novinky for', 'Novinky pro'),
        communication_type: 'mass',
        dispatched: true,
        settlement: 'a',
      })),
    );
  });

  it('sends nothing twice: a second run finds every copy decided; two runs at once share the copies', async () => {
    const fx = await arrange();
    h.start();
    const job = await runSend(fx.mailing.id);
    await job.waitUntilFinished(h.events.mailing, 20_000);
    await h.sink.waitFor(3);
    // The same job again (a duplicate delivery): nothing left to send.
    const ctx = (id: string) =>
      ({ job: { id, updateProgress: () => Promise.resolve() }, deps: h.deps, log: h.deps.log, em: h.orm.em.fork(), progress: () => Promise.resolve() }) as unknown as HandlerContext;
    await h.relay.relayOnce();
    await execute(h.orm.em.fork(), `update mailing set status = 'sending' where id = ?`, [fx.mailing.id]);
    await execute(h.orm.em.fork(), `update mailing_recipient set status = 'pending' where profile_id = ?`, [fx.petr.id]);
    const job2 = { ...ctx('outbox-x').job, data: { mailingId: fx.mailing.id }, attemptsMade: 0 };
    const results = await Promise.allSettled([handler.run(job2 as never, h.deps), handler.run(job2 as never, h.deps)]);
    // One run sends Petr's copy; the other finds nothing, or finds the copy claimed and fails to be retried later.
    const sent = results.map((r) => (r.status === 'fulfilled' ? (r.value as { sent: number }).sent : String(r.reason)));
    expect(sent).toContain(1);
    expect(sent.find((x) => x !== 1)).toSatisfy((x: unknown) => x === 0 || /claimed by another attempt; retrying later/.test(String(x)));
    await sleep(300);
    expect(h.sink.messages).toHaveLength(4);
    expect(h.sink.messages.filter((m) => (m.to as { text: string }).text === 'petr@example.org')).toHaveLength(2);
    const [counts] = await execute<Array<{ n: number }>>(h.orm.em.fork(), `select count(*)::int as n from interaction where user_id = ?`, [fx.petr.id]);
    expect(counts!.n).toBe(2);
  });

  it('takes over a copy claimed by a dead attempt once the lease is over, resending it with the same Message-ID', async () => {
    const fx = await arrange();
    await h.orm.em.fork().transactional(async (tx) => sendMailing(tx, fx.mailing.id, null));
    await execute(h.orm.em.fork(), `delete from outbox_message`);
    // The first run fixed the recipients and claimed Jana's copy, then died (claim older than the lease).
    const job = { id: 'outbox-1', data: { mailingId: fx.mailing.id }, attemptsMade: 0, updateProgress: () => Promise.resolve() };
    await handler.run(job as never, { ...h.deps, hooks: { afterMailingSend: () => Promise.reject(new Error('killed')) } }).catch(() => undefined);
    await sleep(500); // the copies the dead run had in flight arrive too
    h.sink.clear();
    await execute(h.orm.em.fork(), `update mailing_recipient set status = 'sending', claimed_at = now() - ?::interval where profile_id = ?`, [
      `${CLAIM_LEASE_MS + 1000} milliseconds`,
      fx.jana.id,
    ]);
    await execute(h.orm.em.fork(), `update mailing_recipient set status = 'sent' where profile_id <> ? and status = 'sending'`, [fx.jana.id]);
    expect(await handler.run(job as never, h.deps)).toEqual({ outcome: 'done', sent: 1 });
    const [mail] = await h.sink.waitFor(1);
    expect(mail!.messageId).toBe(`<mailing-${fx.mailing.id}-${fx.jana.id}@klub>`);
    const [claim] = await execute<Array<{ status: string; attempts: number }>>(h.orm.em.fork(), 'select status, attempts from mailing_recipient where profile_id = ?', [fx.jana.id]);
    expect(claim).toEqual({ status: 'sent', attempts: 2 });
  });

  it('stops between batches when cancelled', async () => {
    const fx = await arrange();
    await h.orm.em.fork().transactional(async (tx) => sendMailing(tx, fx.mailing.id, null));
    await execute(h.orm.em.fork(), `update mailing set status = 'cancelled' where id = ?`, [fx.mailing.id]);
    const job = { id: 'outbox-1', data: { mailingId: fx.mailing.id }, attemptsMade: 0, updateProgress: () => Promise.resolve() };
    expect(await handler.run(job as never, h.deps)).toEqual({ outcome: 'cancelled' });
    await sleep(200);
    expect(h.sink.received).toBe(0);
  });

  it('sends a test copy for a chosen person, or with sample values, to the given address only', async () => {
    const fx = await arrange();
    h.start();
    const msgs = await h.orm.em.fork().transactional(async (tx) => [
      enqueue(tx, emailMailingTest, { mailingId: fx.mailing.id, profileId: fx.jana.id, email: 'staff@example.org' }),
      enqueue(tx, emailMailingTest, { mailingId: fx.mailing.id, profileId: null, email: 'staff@example.org' }),
    ]);
    await h.relay.relayOnce();
    for (const m of msgs) await (await h.queues.email.getJob(`outbox-${m.id}`))!.waitUntilFinished(h.events.email, 15_000);
    const mails = await h.sink.waitFor(2);
    expect(mails.map((m) => m.subject).sort()).toEqual(['[TEST] Novinky pro Jana', '[TEST] Novinky pro Jana']);
    expect(mails.every((m) => (m.to as { text: string }).text === 'staff@example.org')).toBe(true);
    const [n] = await execute<Array<{ n: number }>>(h.orm.em.fork(), 'select count(*)::int as n from interaction');
    expect(n!.n).toBe(0);
    void mailingSend;
  });
});

import { mailingAutomaticSend } from '@klub/contracts';
import {
  automaticCopySource,
  automaticSendsInFlight,
  claimAutomaticSends,
  mailingInteractionType,
  recordAutomaticRefused,
  recordAutomaticSent,
  releaseAutomaticClaims,
  type ClaimedSend,
  type SentAutomatic,
} from '@klub/domain';
import { MailingCopies } from '@klub/emails';
import { defineHandler } from './define-handler.js';
import { CopyRecorder, refusedAddress, throttle } from './mailing-send.js';
import { CLAIM_LEASE_MS } from './send-once.js';

/**
 * `mailing.automatic-send` (issue 19 §3): sends every pending automatic message, whatever raised
 * it, with the mailings' machinery: claim a batch (`claimAutomaticSends`, which also decides
 * consent), make each copy with the message's MailingCopies (Message-ID per send), send throttled
 * by MAILING_RATE, record within 50 ms (sent + interaction) or as refused; passing failures give
 * the claim back and the job is retried. Several of these jobs at once share the work (`skip
 * locked`); a killed one's claims are taken over after the lease.
 */
export const handler = defineHandler(mailingAutomaticSend, async (_payload, ctx) => {
  const { env, orm, mailer } = ctx.deps;
  const slot = throttle(env.MAILING_RATE);
  const parallel = Math.max(1, Math.min(16, env.MAILING_RATE));
  const batchSize = Math.max(10, Math.min(500, env.MAILING_RATE * 5));
  const typeId = await mailingInteractionType(orm.em.fork(), 'automatic-message', 'Automatický e-mail');
  const copiesOf = new Map<number, MailingCopies<ClaimedSend>>();
  const copies = (messageId: number) => {
    let c = copiesOf.get(messageId);
    if (!c) {
      c = new MailingCopies<ClaimedSend>(automaticCopySource(orm.em.fork(), messageId, { secretKey: env.SECRET_KEY, publicApiUrl: env.PUBLIC_API_URL }));
      copiesOf.set(messageId, c);
    }
    return c;
  };
  let sent = 0;
  for (;;) {
    const em = orm.em.fork();
    const batch = await claimAutomaticSends(em, batchSize, CLAIM_LEASE_MS);
    if (!batch.length) {
      const inFlight = await automaticSendsInFlight(em);
      if (inFlight > 0) throw new Error(`${inFlight} automatic messages claimed by another attempt; retrying later`);
      return { sent };
    }
    const released: number[] = [];
    let transient: Error | undefined;
    const recorder = new CopyRecorder<SentAutomatic>((done) => recordAutomaticSent(em, typeId, done));
    const queue = [...batch];
    const sendOne = async (r: ClaimedSend) => {
      const copy = await copies(r.messageId).copy(r, r.email);
      await slot();
      try {
        await mailer.send(copy);
      } catch (err) {
        if (refusedAddress(err)) await recordAutomaticRefused(em, r.sendId, (err as Error).message);
        else {
          released.push(r.sendId);
          transient = err instanceof Error ? err : new Error(`SMTP: ${JSON.stringify(err)}`);
        }
        return;
      }
      recorder.add({ sendId: r.sendId, profileId: r.profileId, subject: copy.subject, text: copy.text });
      sent += 1;
    };
    await Promise.all(
      Array.from({ length: parallel }, async () => {
        for (let r = queue.shift(); r; r = queue.shift()) await sendOne(r);
      }),
    ).finally(() => recorder.flush());
    await recorder.flush();
    await releaseAutomaticClaims(em, released);
    if (transient) throw transient;
  }
});

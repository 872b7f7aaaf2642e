import { emailMailingTest } from '@klub/contracts';
import { personFor, samplePerson } from '@klub/domain';
import { defineHandler } from './define-handler.js';
import { mailingCopies } from './mailing-send.js';
import { sendOnce } from './send-once.js';

/**
 * `email.mailing-test` (issue 19 §2): one copy of a mailing to the address staff gave, filled in
 * for a chosen person or with sample values, the subject marked as a test. Not recorded on any
 * timeline; sent once per request like every single e-mail (send-once claim on the outbox row).
 */
export const handler = defineHandler(emailMailingTest, async ({ mailingId, profileId, email }, ctx) => {
  const person = profileId === null ? await samplePerson(ctx.em, mailingId, email) : await personFor(ctx.em, mailingId, profileId);
  const copy = await mailingCopies(ctx.em, ctx.deps.env, mailingId).copy(person, email);
  return sendOnce(ctx, { ...copy, subject: `[TEST] ${copy.subject}`, messageId: undefined });
});

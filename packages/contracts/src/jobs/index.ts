import { z } from 'zod';
import { LANGUAGE } from '../choices.js';
import { defineJob } from './define-job.js';

export * from './define-job.js';

const ZLang = z.enum(LANGUAGE);

/** operations.md §4. Payloads carry everything the worker needs, so it never re-reads a request. */
export const emailPasswordReset = defineJob(
  'email.password-reset',
  z.object({
    profileId: z.number().int(),
    /** Recipient address. */
    email: z.email(),
    /** Login name, quoted in the message (jobs.md §4.2). */
    username: z.string(),
    /** `From:`: the first administrative unit's `from_email_str`. */
    from: z.string(),
    /** Link parts: `WEB_URL?u=<uid>&t=<token>` (api.md §6.2). */
    uid: z.string(),
    token: z.string(),
    lang: ZLang,
  }),
);

export const emailSignupNotification = defineJob(
  'email.signup-notification',
  z.object({
    /**
     * What happened; `interaction` is an interaction whose type has `send_email` (api.md §12.6),
     * sent with its own `subject` and `body` (the interaction's subject and summary).
     */
    kind: z.enum(['event-signup', 'volunteer', 'membership', 'registration', 'interaction']),
    profileId: z.number().int(),
    /** Recipient address. */
    email: z.email(),
    /** `From:`: the administrative unit's `from_email_str`. */
    from: z.string(),
    firstName: z.string(),
    administrativeUnitId: z.number().int().nullable(),
    unitName: z.string().nullable(),
    eventId: z.number().int().nullable(),
    eventName: z.string().nullable(),
    interactionId: z.number().int().nullable(),
    lang: ZLang,
    subject: z.string().optional(),
    body: z.string().optional(),
  }),
);

export const paymentsCheck = defineJob(
  'payments.check',
  z.object({
    requestedBy: z.number().int().nullable(),
    /** Only the channels paired in this statement (queued by an import); absent = every channel. */
    accountStatementId: z.number().int().optional(),
  }),
);

export const paymentsImportStatement = defineJob(
  'payments.import-statement',
  z.object({ accountStatementId: z.number().int() }),
);

export const paymentsDarujmeSync = defineJob('payments.darujme-sync', z.object({}));

/** Issue 17 §3: apply a staged people import (resumable: rows already applied are not applied again). */
export const importsPeople = defineJob('imports.people', z.object({ importId: z.number().int() }));
/** A unit's tax confirmations for a year (issue 20): amounts, then the PDFs that changed. */
export const documentsTaxConfirmationsGenerate = defineJob(
  'documents.tax-confirmations-generate',
  z.object({ administrativeUnitId: z.number().int(), year: z.number().int(), requestedBy: z.number().int().nullable() }),
);

/** Queues one `email.tax-confirmation` per generated, unsent confirmation of a unit and year. */
export const documentsTaxConfirmationsSend = defineJob(
  'documents.tax-confirmations-send',
  z.object({ administrativeUnitId: z.number().int(), year: z.number().int(), requestedBy: z.number().int().nullable() }),
);

/** One donor's confirmation, attached to a service e-mail (no consent applies). */
export const emailTaxConfirmation = defineJob('email.tax-confirmation', z.object({ taxConfirmationId: z.number().int() }));

/** Issue 19 §2: send a mailing to its recipients (one job per mailing; resumable, see the worker). */
export const mailingSend = defineJob('mailing.send', z.object({ mailingId: z.number().int() }));

/** Issue 19 §2: one copy of a mailing, personalised for `profileId` (or sample values), to `email`. */
export const emailMailingTest = defineJob(
  'email.mailing-test',
  z.object({ mailingId: z.number().int(), profileId: z.number().int().nullable(), email: z.email() }),
);

/** Issue 19 §3: send the pending automatic messages (raised by triggers or the evaluation; resumable). */
export const mailingAutomaticSend = defineJob('mailing.automatic-send', z.object({}));

/** Issue 19 §3: the nightly evaluation of the segment automatic messages. */
export const mailingAutomaticEvaluate = defineJob('mailing.automatic-evaluate', z.object({ today: z.iso.date().optional() }));

export const JOBS = [
  emailPasswordReset,
  emailSignupNotification,
  paymentsCheck,
  paymentsImportStatement,
  paymentsDarujmeSync,
  importsPeople,
  documentsTaxConfirmationsGenerate,
  documentsTaxConfirmationsSend,
  emailTaxConfirmation,
  mailingSend,
  emailMailingTest,
  mailingAutomaticSend,
  mailingAutomaticEvaluate,
] as const;

export type JobName = (typeof JOBS)[number]['name'];

export function findJob(name: string) {
  return JOBS.find((j) => j.name === name);
}

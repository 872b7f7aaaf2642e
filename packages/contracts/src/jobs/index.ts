import { z } from 'zod';
import { defineJob } from './define-job.js';

export * from './define-job.js';

const ZLang = z.enum(['cs', 'en']);

/** operations.md §4. Payloads carry everything the worker needs, so it never re-reads a request. */
export const emailPasswordReset = defineJob(
  'email.password-reset',
  z.object({ profileId: z.number().int(), email: z.email(), uid: z.string(), token: z.string(), lang: ZLang }),
);

export const emailSignupNotification = defineJob(
  'email.signup-notification',
  z.object({
    kind: z.enum(['event-signup', 'volunteer', 'membership', 'registration']),
    profileId: z.number().int(),
    email: z.email(),
    administrativeUnitId: z.number().int().nullable(),
    eventId: z.number().int().nullable(),
    interactionId: z.number().int().nullable(),
    lang: ZLang,
  }),
);

export const paymentsCheck = defineJob('payments.check', z.object({ requestedBy: z.number().int().nullable() }));

export const paymentsImportStatement = defineJob(
  'payments.import-statement',
  z.object({ accountStatementId: z.number().int() }),
);

export const paymentsDarujmeSync = defineJob('payments.darujme-sync', z.object({}));

export const JOBS = [
  emailPasswordReset,
  emailSignupNotification,
  paymentsCheck,
  paymentsImportStatement,
  paymentsDarujmeSync,
] as const;

export type JobName = (typeof JOBS)[number]['name'];

export function findJob(name: string) {
  return JOBS.find((j) => j.name === name);
}

import type { JobName } from '@klub/contracts';
import type { JobHandler } from './define-handler.js';
import { handler as documentsTaxConfirmationsGenerate } from './documents-tax-confirmations-generate.js';
import { handler as documentsTaxConfirmationsSend } from './documents-tax-confirmations-send.js';
import { handler as emailPasswordReset } from './email-password-reset.js';
import { handler as emailSignupNotification } from './email-signup-notification.js';
import { handler as emailTaxConfirmation } from './email-tax-confirmation.js';
import { handler as emailMailingTest } from './email-mailing-test.js';
import { handler as mailingSend } from './mailing-send.js';
import { handler as mailingAutomaticSend } from './mailing-automatic-send.js';
import { handler as mailingAutomaticEvaluate, schedule as automaticSchedule } from './mailing-automatic-evaluate.js';
import { handler as paymentsCheck, schedule as paymentsCheckSchedule } from './payments-check.js';
import { handler as paymentsDarujmeSync, schedule as darujmeSchedule } from './payments-darujme-sync.js';
import { handler as paymentsImportStatement } from './payments-import-statement.js';
import { handler as importsPeople } from './imports-people.js';

export type { HandlerContext, JobHandler, WorkerDeps } from './define-handler.js';

/** One handler per job of `@klub/contracts` JOBS; the type makes a missing one a compile error. */
export const HANDLERS: Readonly<Record<JobName, JobHandler>> = {
  'email.password-reset': emailPasswordReset,
  'email.signup-notification': emailSignupNotification,
  'payments.check': paymentsCheck,
  'payments.import-statement': paymentsImportStatement,
  'payments.darujme-sync': paymentsDarujmeSync,
  'imports.people': importsPeople,
  'documents.tax-confirmations-generate': documentsTaxConfirmationsGenerate,
  'documents.tax-confirmations-send': documentsTaxConfirmationsSend,
  'email.tax-confirmation': emailTaxConfirmation,
  'mailing.send': mailingSend,
  'email.mailing-test': emailMailingTest,
  'mailing.automatic-send': mailingAutomaticSend,
  'mailing.automatic-evaluate': mailingAutomaticEvaluate,
};

export interface Schedule {
  /** Job scheduler id (stable: upserting it again replaces, never duplicates). */
  id: string;
  job: JobName;
  pattern: string;
  data: Record<string, unknown>;
  /** Registered only when this returns true for the configuration. */
  enabled: (env: { DARUJME_ENABLED: boolean }) => boolean;
}

export const SCHEDULES: readonly Schedule[] = [
  { ...paymentsCheckSchedule, job: 'payments.check', data: { requestedBy: null }, enabled: () => true },
  { ...automaticSchedule, job: 'mailing.automatic-evaluate', data: {}, enabled: () => true },
  { ...darujmeSchedule, job: 'payments.darujme-sync', data: {}, enabled: (env) => env.DARUJME_ENABLED },
];

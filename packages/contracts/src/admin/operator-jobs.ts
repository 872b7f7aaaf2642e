import { z } from 'zod';
import { BANK_STATEMENT_TYPE } from '../choices.js';
import { field } from '../fields.js';

/** Largest bank statement accepted by `POST /api/admin/account-statements/`. */
export const STATEMENT_MAX_BYTES = 10_000_000;

/** `POST /api/admin/account-statements/` (operations.md §3): multipart `file` + `type` + `administrative_unit`. */
export const ZStatementUploadInput = z.object({
  file: field.file({ description: 'The bank statement as exported by the bank', maxBytes: STATEMENT_MAX_BYTES }),
  type: field.choice(BANK_STATEMENT_TYPE, { description: 'Statement format (jobs.md §6)' }),
  administrative_unit: field.pk({ description: 'Administrative unit: pairing scope and owner of the bank account' }),
});
export type TStatementUploadInput = z.output<typeof ZStatementUploadInput>;

/** `POST /api/admin/payments/check/`: the queued job. */
export const ZJobAccepted = z
  .object({
    job_id: z.string().describe('Id for `GET /api/admin/jobs/{id}/`'),
    status_url: z.string().describe('Where to follow the job'),
  })
  .meta({ id: 'AdminJobAccepted' });
export type TJobAccepted = z.output<typeof ZJobAccepted>;

export const JOB_STATES = [
  'pending',
  'waiting',
  'delayed',
  'active',
  'completed',
  'failed',
  'prioritized',
  'waiting-children',
  'unknown',
] as const;

/** `GET /api/admin/jobs/{id}/`: a job's state and progress. */
export const ZJobStatus = z
  .object({
    id: z.string().describe('Job id'),
    name: z.string().describe('Job name, e.g. `payments.check`'),
    queue: z.string().describe('Queue: `email` or `payments`'),
    state: z
      .enum(JOB_STATES)
      .describe('`pending` = written to the outbox, not yet handed to the queue; then the BullMQ states'),
    progress: z.number().describe('0–100'),
    attempts_made: z.number().int().describe('Attempts so far (failed ones are retried with back-off)'),
    failed_reason: z.string().nullable().describe('Error of the last failed attempt'),
    result: z.unknown().describe('What the job returned, once completed'),
    created_at: z.string().nullable().describe('When the job was queued (ISO 8601)'),
    finished_at: z.string().nullable().describe('When it completed or finally failed'),
  })
  .meta({ id: 'AdminJobStatus' });
export type TJobStatus = z.output<typeof ZJobStatus>;

export const ZJobIdInput = z.object({
  id: field.string({ description: 'Job id (`outbox-<n>` for jobs started through the API)' }),
});

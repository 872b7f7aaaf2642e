import type { EntityManager } from '@mikro-orm/postgresql';
import { documentsTaxConfirmationsGenerate, documentsTaxConfirmationsSend } from '@klub/contracts';
import { enqueue } from '../outbox.js';
import type { UnitYear } from './amounts.js';

/** Queue the generation of a unit's confirmations for a year; the job id follows at `/api/admin/jobs/{id}/`. */
export async function requestTaxConfirmations(em: EntityManager, unitYear: UnitYear, requestedBy: number | null): Promise<{ jobId: string }> {
  return em.transactional(async (tx) => {
    const message = enqueue(tx, documentsTaxConfirmationsGenerate, { ...unitYear, requestedBy });
    await tx.flush();
    return { jobId: `outbox-${message.id}` };
  });
}

/** Queue the e-mailing of a unit's generated, unsent confirmations for a year. */
export async function requestTaxConfirmationEmails(em: EntityManager, unitYear: UnitYear, requestedBy: number | null): Promise<{ jobId: string }> {
  return em.transactional(async (tx) => {
    const message = enqueue(tx, documentsTaxConfirmationsSend, { ...unitYear, requestedBy });
    await tx.flush();
    return { jobId: `outbox-${message.id}` };
  });
}

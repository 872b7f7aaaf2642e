import { documentsTaxConfirmationsSend } from '@klub/contracts';
import { queueTaxConfirmationEmails } from '@klub/domain';
import { defineHandler } from './define-handler.js';

/** `documents.tax-confirmations-send` (issue 20): one `email.tax-confirmation` per generated, unsent confirmation. */
export const handler = defineHandler(documentsTaxConfirmationsSend, async ({ administrativeUnitId, year }, ctx) => {
  const queued = await queueTaxConfirmationEmails(ctx.em, { administrativeUnitId, year });
  ctx.log.info({ administrativeUnitId, year, queued }, 'tax confirmation e-mails queued');
  return { queued };
});

import { emailTaxConfirmation } from '@klub/contracts';
import { markTaxConfirmationSent, NotFound, taxConfirmationEmail } from '@klub/domain';
import { renderEmail, taxConfirmation } from '@klub/emails';
import { fileStorageAt } from '@klub/storage';
import { defineHandler } from './define-handler.js';
import { sendOnce } from './send-once.js';

/**
 * `email.tax-confirmation` (issue 20): the donor's own confirmation, attached, once (the send-once
 * claim of the outbox row). A confirmation withdrawn or left without an address meanwhile is
 * skipped; a missing file is an error no retry fixes.
 */
export const handler = defineHandler(emailTaxConfirmation, async ({ taxConfirmationId }, ctx) => {
  const mail = await taxConfirmationEmail(ctx.em, taxConfirmationId);
  if (!mail) {
    ctx.log.info({ taxConfirmationId }, 'tax confirmation has no file or no address; nothing to send');
    return { outcome: 'skipped' };
  }
  const pdf = await fileStorageAt(ctx.deps.env.STORAGE_DIR).read(mail.file);
  if (!pdf) throw new NotFound(`The file of tax confirmation ${taxConfirmationId} is missing (${mail.file}).`);
  const rendered = await renderEmail(taxConfirmation, { year: mail.year, unitName: mail.unitName }, mail.lang);
  const outcome = await sendOnce(ctx, {
    ...rendered,
    from: mail.from,
    to: mail.to,
    attachments: [{ filename: `potvrzeni-o-daru-${mail.year}.pdf`, content: pdf, contentType: 'application/pdf' }],
  });
  await markTaxConfirmationSent(ctx.em, taxConfirmationId, mail.file);
  return outcome;
});

import { z } from 'zod';
import { field } from '../fields.js';
import { ZPageQuery } from '../pagination.js';

/** The states a confirmation is listed in (issue 20). */
export const TAX_CONFIRMATION_STATES = ['pending', 'generated', 'outdated', 'queued', 'sent', 'withdrawn'] as const;

const ZUnitYear = {
  administrative_unit: field.pk({ description: 'Administrative unit whose confirmations these are' }),
  year: field.integer({ description: 'Calendar year of the gifts', min: 2000, max: 2100 }),
};

/** `GET /api/admin/tax_confirmations/`. */
export const ZTaxConfirmationListQuery = ZPageQuery.extend({
  administrative_unit: field.pk({ description: 'Only this unit’s confirmations' }).optional(),
  year: field.integer({ description: 'Only this year', min: 2000, max: 2100 }).optional(),
});
export type TTaxConfirmationListQuery = z.output<typeof ZTaxConfirmationListQuery>;

export const ZTaxConfirmation = z
  .object({
    id: z.number().int().describe('Id of the confirmation'),
    profile: z.number().int().describe('The donor (a person or a company)'),
    name: z.string().describe('The donor’s display name'),
    administrative_unit: z.number().int().describe('Id of the administrative unit that confirms the gifts'),
    year: z.number().int().describe('Calendar year of the gifts'),
    amount: z.number().int().describe('Whole CZK, by the rule of jobs.md §3 T2'),
    payments: z.array(z.number().int()).describe('The payments summed'),
    state: z
      .enum(TAX_CONFIRMATION_STATES)
      .describe('`pending` no file yet; `generated`; `outdated` the amount moved since the file was drawn; `queued` e-mail queued; `sent`; `withdrawn` nothing left to confirm'),
    generated_at: z.string().nullable().describe('When the PDF was last drawn (ISO 8601 with the Europe/Prague offset); null: no file yet'),
    sent_at: z.string().nullable().describe('When the current PDF was e-mailed to the donor (ISO 8601 with the Europe/Prague offset); null: not sent (drawing it anew clears it)'),
  })
  .meta({ id: 'TaxConfirmation' });
export type TTaxConfirmation = z.output<typeof ZTaxConfirmation>;

/** `POST /api/admin/tax_confirmations/generate/` and `…/send/`. */
export const ZTaxConfirmationRunInput = z.object(ZUnitYear);
export type TTaxConfirmationRunInput = z.output<typeof ZTaxConfirmationRunInput>;

/** A short-lived signed link to a file (a PDF, or a unit’s ZIP). */
export const ZTaxConfirmationDownload = z
  .object({ download_url: z.string().describe('Root-relative, signed, valid for 15 minutes') })
  .meta({ id: 'TaxConfirmationDownload' });

/** `GET /api/admin/tax_confirmations/preview/`: one donor’s confirmation drawn now, not stored. */
export const ZTaxConfirmationPreviewInput = z.object({
  ...ZUnitYear,
  profile: field.pk({ description: 'The donor to preview; their confirmation’s amount is computed as generation would' }),
});
export const ZTaxConfirmationPreview = z
  .object({
    filename: z.string().describe('A file name to save it under: `potvrzeni-<year>-<profile>.pdf`'),
    content_type: z.literal('application/pdf').describe('Always `application/pdf`'),
    data: z.string().describe('The PDF, base64'),
  })
  .meta({ id: 'TaxConfirmationPreview' });

/** `GET /api/frontend/tax_confirmations/`: the caller’s own. */
export const ZMyTaxConfirmation = z
  .object({
    id: z.number().int().describe('Id of the confirmation'),
    year: z.number().int().describe('Calendar year of the gifts'),
    administrative_unit: z.number().int().describe('Id of the administrative unit that confirms the gifts'),
    unit_name: z.string().describe('Name of that unit'),
    amount: z.number().int().describe('Confirmed sum of the gifts, whole CZK'),
    generated_at: z.string().nullable().describe('When the PDF was drawn (ISO 8601 with the Europe/Prague offset)'),
  })
  .meta({ id: 'MyTaxConfirmation' });

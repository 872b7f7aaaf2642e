import { z } from 'zod';
import { field } from '../fields.js';
import { TAX_CONFIRMATION_VARIABLES } from '../tax-confirmations/document.js';
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
  profile: field
    .pk({ description: 'The donor to preview; their confirmation’s amount is computed as generation would. Omitted: the first donor (lowest id) with something to confirm' })
    .optional(),
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

/** The largest logo or signature image a template takes. */
export const TAX_TEMPLATE_IMAGE_MAX_BYTES = 512 * 1024;

/** `GET /api/admin/tax_confirmations/templates/{id}/`: a unit's template (its defaults while it has none). */
export const ZTaxConfirmationTemplate = z
  .object({
    administrative_unit: z.number().int().describe('The unit this template is of (one per unit)'),
    custom: z.boolean().describe('Whether the unit has a template of its own; false: the defaults shown are used'),
    issuer_name: z.string().describe('Issuer’s name on the PDF; empty: the unit’s own name'),
    issuer_address: z.string().describe('Issuer’s address; empty: the unit’s own address'),
    issuer_ico: z.string().describe('Issuer’s IČO; empty: the unit’s own'),
    place: z.string().describe('Where it is signed ("V Praze dne …"); empty: the unit’s city'),
    signatory: z.string().describe('Name and role under the signature; empty: the issuer’s name'),
    logo_url: z.string().nullable().describe('Signed link (15 minutes) to the logo image, or null'),
    signature_url: z.string().nullable().describe('Signed link (15 minutes) to the signature image, or null'),
    text_cs: z.string().describe('The Czech text with `{variables}`; a blank line starts a paragraph'),
    text_en: z.string().nullable().describe('The English text for donors whose language is `en`, or null (they get the Czech one)'),
    variables: z.array(z.enum(TAX_CONFIRMATION_VARIABLES)).describe('The variables the texts may use, as `{name}`'),
    updated: z.string().nullable().describe('When the template was last saved (ISO 8601), null while it has none'),
  })
  .meta({ id: 'TaxConfirmationTemplate' });
export type TTaxConfirmationTemplate = z.output<typeof ZTaxConfirmationTemplate>;

const templateText = (maxLength: number, description: string) => field.string({ maxLength, allowBlank: true, description }).optional();
const templateImage = (description: string) =>
  field
    .file({ description: `${description}: PNG or JPEG, at most ${TAX_TEMPLATE_IMAGE_MAX_BYTES / 1024} KB, a multipart upload; \`null\` removes it` })
    .nullable()
    .optional();

/** `PATCH /api/admin/tax_confirmations/templates/{id}/`: every field optional; the first save creates the template. */
export const ZTaxConfirmationTemplateInput = z.object({
  id: field.pk({ description: 'The administrative unit whose template this is' }),
  issuer_name: templateText(255, 'Issuer’s name; empty: the unit’s own'),
  issuer_address: templateText(255, 'Issuer’s address; empty: the unit’s own'),
  issuer_ico: templateText(20, 'Issuer’s IČO; empty: the unit’s own'),
  place: templateText(100, 'Where it is signed; empty: the unit’s city'),
  signatory: templateText(255, 'Name and role under the signature'),
  text_cs: field
    .string({ maxLength: 10_000, description: 'The Czech text with `{variables}` (see `variables`); a blank line starts a paragraph' })
    .optional(),
  text_en: field
    .string({ maxLength: 10_000, allowBlank: true, description: 'The English text; empty or null: English-speaking donors get the Czech one' })
    .nullable()
    .optional(),
  logo: templateImage('The logo, top left'),
  signature: templateImage('The signature image, above the signatory'),
});
export type TTaxConfirmationTemplateInput = z.output<typeof ZTaxConfirmationTemplateInput>;

/** `GET /api/admin/tax_confirmations/jobs/{id}/` input: a generation or sending job started here. */
export const ZTaxConfirmationJobInput = z.object({
  id: field.string({ description: 'Job id as the generate or send answer gave it (`outbox-<n>`)' }),
});

import type { TRPCRouterRecord } from '@trpc/server';
import {
  ZIdInput,
  ZJobAccepted,
  ZPage,
  ZTaxConfirmation,
  ZTaxConfirmationDownload,
  ZTaxConfirmationListQuery,
  ZTaxConfirmationPreview,
  ZTaxConfirmationPreviewInput,
  ZTaxConfirmationRunInput,
  ZTaxConfirmationJobInput,
  ZJobStatus,
  ZTaxConfirmationTemplate,
  ZTaxConfirmationTemplateInput,
  TAX_CONFIRMATION_VARIABLES,
  type TTaxConfirmationTemplate,
} from '@klub/contracts';
import {
  NotFound,
  ServiceUnavailable,
  listTaxConfirmations,
  saveTaxConfirmationTemplate,
  taxConfirmationJobUnit,
  taxConfirmationTemplate,
  type TaxTemplateRecord,
  previewTaxConfirmation,
  requestTaxConfirmationEmails,
  requestTaxConfirmations,
  taxConfirmationFile,
} from '@klub/domain';
import { renderTaxConfirmation } from '@klub/pdfs';
import { paginate } from '../../rest/pagination.js';
import { fileStorageFor, signedFileUrlsFor } from '../../storage/file-storage.js';
import { taxConfirmationZipName, taxConfirmationZipUrls } from '../../storage/tax-confirmation-zip.js';
import { rest, staffProcedure } from '../../trpc/procedures.js';
import { tags } from './crud.js';
import { assertUnitAdministered, assertUnitVisible, unitsVisibleTo } from './unit-access.js';

const base = '/admin/tax_confirmations';
// The progress view of these jobs is their own (`…/jobs/{id}/`): unit staff may not read every job.
const accepted = (jobId: string) => ({ job_id: jobId, status_url: `/api${base}/jobs/${jobId}/` });

function templateOut(t: TaxTemplateRecord, link: (key: string) => string): TTaxConfirmationTemplate {
  return {
    administrative_unit: t.administrativeUnitId,
    custom: t.custom,
    issuer_name: t.issuerName,
    issuer_address: t.issuerAddress,
    issuer_ico: t.issuerIco,
    place: t.place,
    signatory: t.signatory,
    logo_url: t.logo ? link(t.logo) : null,
    signature_url: t.signature ? link(t.signature) : null,
    text_cs: t.textCs,
    text_en: t.textEn,
    variables: [...TAX_CONFIRMATION_VARIABLES],
    updated: t.updated,
  };
}

/** `/api/admin/tax_confirmations/…` (issue 20): yearly confirmations of gifts, per unit. */
export const taxConfirmationsRouter = {
  list: staffProcedure
    .meta(
      rest('GET', `${base}/`, {
        tags,
        summary: 'List tax confirmations with amounts and states',
        description: 'Filters: `administrative_unit`, `year`. Newest year first.',
        paginated: true,
      }),
    )
    .input(ZTaxConfirmationListQuery)
    .output(ZPage(ZTaxConfirmation))
    .query(({ ctx, input }) =>
      paginate(ctx, (w) =>
        listTaxConfirmations(ctx.em, { administrativeUnitId: input.administrative_unit, year: input.year, units: unitsVisibleTo(ctx.access) }, w),
      ),
    ),

  generate: staffProcedure
    .meta(
      rest('POST', `${base}/generate/`, {
        tags,
        summary: 'Generate a unit’s confirmations for a year',
        description:
          'Computes every donor’s amount (jobs.md §3 T2) and draws the PDFs whose data changed. Answers 202 with the job id; progress at `GET /api/admin/jobs/{id}/`.',
        successStatus: 202,
      }),
    )
    .input(ZTaxConfirmationRunInput)
    .output(ZJobAccepted)
    .mutation(async ({ ctx, input }) => {
      assertUnitAdministered(ctx.access, input.administrative_unit);
      const { jobId } = await requestTaxConfirmations(ctx.em, { administrativeUnitId: input.administrative_unit, year: input.year }, ctx.user.id);
      return accepted(jobId);
    }),

  send: staffProcedure
    .meta(
      rest('POST', `${base}/send/`, {
        tags,
        summary: 'E-mail a unit’s generated confirmations for a year',
        description: 'Each donor gets their own confirmation once (a service message: no consent applies). Answers 202 with the job id.',
        successStatus: 202,
      }),
    )
    .input(ZTaxConfirmationRunInput)
    .output(ZJobAccepted)
    .mutation(async ({ ctx, input }) => {
      assertUnitAdministered(ctx.access, input.administrative_unit);
      const { jobId } = await requestTaxConfirmationEmails(ctx.em, { administrativeUnitId: input.administrative_unit, year: input.year }, ctx.user.id);
      return accepted(jobId);
    }),

  preview: staffProcedure
    .meta(
      rest('GET', `${base}/preview/`, {
        tags,
        summary: 'Preview one donor’s confirmation',
        description: 'Drawn now as generation would draw it; nothing is stored. Without `profile`, the first donor with something to confirm. 404 when there is nothing to confirm.',
        errorResponses: { 404: 'No such unit, or nothing to confirm for this donor' },
      }),
    )
    .input(ZTaxConfirmationPreviewInput)
    .output(ZTaxConfirmationPreview)
    .query(async ({ ctx, input }) => {
      assertUnitVisible(ctx.access, input.administrative_unit);
      const preview = await previewTaxConfirmation(
        ctx.em,
        fileStorageFor(ctx.env),
        { administrativeUnitId: input.administrative_unit, year: input.year },
        input.profile,
      );
      if (!preview) throw new NotFound();
      const pdf = await renderTaxConfirmation(preview.document);
      return { filename: `potvrzeni-${input.year}-${preview.profileId}.pdf`, content_type: 'application/pdf' as const, data: pdf.toString('base64') };
    }),

  zip: staffProcedure
    .meta(
      rest('GET', `${base}/zip/`, {
        tags,
        summary: 'Link to every confirmation of a unit and year as one ZIP',
        description: 'A signed link, valid for 15 minutes, to a ZIP streamed as it is written.',
      }),
    )
    .input(ZTaxConfirmationRunInput)
    .output(ZTaxConfirmationDownload)
    .query(({ ctx, input }) => {
      assertUnitVisible(ctx.access, input.administrative_unit);
      return { download_url: taxConfirmationZipUrls(ctx.env.SECRET_KEY).url(taxConfirmationZipName(input.administrative_unit, input.year)) };
    }),

  download: staffProcedure
    .meta(
      rest('GET', `${base}/{id}/download/`, {
        tags,
        summary: 'Link to one confirmation’s PDF',
        errorResponses: { 404: 'No such confirmation, or it has no file' },
      }),
    )
    .input(ZIdInput)
    .output(ZTaxConfirmationDownload)
    .query(async ({ ctx, input }) => {
      const found = await taxConfirmationFile(ctx.em, input.id);
      if (!found?.file) throw new NotFound();
      assertUnitVisible(ctx.access, found.unitId);
      return { download_url: signedFileUrlsFor(ctx.env).url(found.file) };
    }),

  job: staffProcedure
    .meta(
      rest('GET', `${base}/jobs/{id}/`, {
        tags,
        summary: 'State and progress of a generation or sending job',
        description:
          'As `GET /api/admin/jobs/{id}/`, for the jobs this resource starts, to the staff of their unit. Another job, or one of another unit, is 404.',
        errorResponses: { 404: 'No such tax-confirmation job of the caller’s units' },
      }),
    )
    .input(ZTaxConfirmationJobInput)
    .output(ZJobStatus)
    .query(async ({ ctx, input }) => {
      const unit = await taxConfirmationJobUnit(ctx.em, input.id);
      if (unit === undefined) throw new NotFound();
      assertUnitVisible(ctx.access, unit);
      if (!ctx.services.jobs) throw new ServiceUnavailable();
      const status = await ctx.services.jobs.status(ctx.em, input.id);
      if (!status) throw new NotFound();
      return status;
    }),

  template: staffProcedure
    .meta(
      rest('GET', `${base}/templates/{id}/`, {
        tags,
        summary: 'A unit’s confirmation template',
        description: '`{id}` is the administrative unit’s id. A unit without a template of its own answers its defaults (`custom: false`).',
        errorResponses: { 404: 'No such unit of the caller’s' },
      }),
    )
    .input(ZIdInput)
    .output(ZTaxConfirmationTemplate)
    .query(async ({ ctx, input }) => {
      assertUnitVisible(ctx.access, input.id);
      const found = await taxConfirmationTemplate(ctx.em, input.id);
      if (!found) throw new NotFound();
      const links = signedFileUrlsFor(ctx.env);
      return templateOut(found, (key) => links.url(key));
    }),

  updateTemplate: staffProcedure
    .meta(
      rest('PATCH', `${base}/templates/{id}/`, {
        tags,
        summary: 'Change a unit’s confirmation template',
        description:
          '`{id}` is the administrative unit’s id; the first change creates the template. JSON, or multipart to upload the logo and signature (PNG or JPEG). A `{variable}` the texts do not know is 400 naming it. The next generation redraws every confirmation the change touches.',
        errorResponses: { 404: 'No such unit' },
      }),
    )
    .input(ZTaxConfirmationTemplateInput)
    .output(ZTaxConfirmationTemplate)
    .mutation(async ({ ctx, input }) => {
      const { id, ...change } = input;
      assertUnitAdministered(ctx.access, id);
      const saved = await saveTaxConfirmationTemplate(ctx.em, fileStorageFor(ctx.env), id, change);
      const links = signedFileUrlsFor(ctx.env);
      return templateOut(saved, (key) => links.url(key));
    }),
} satisfies TRPCRouterRecord;

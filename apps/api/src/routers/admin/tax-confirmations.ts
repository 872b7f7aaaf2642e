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
} from '@klub/contracts';
import {
  NotFound,
  listTaxConfirmations,
  previewTaxConfirmation,
  requestTaxConfirmationEmails,
  requestTaxConfirmations,
  taxConfirmationFile,
} from '@klub/domain';
import { renderTaxConfirmation } from '@klub/pdfs';
import { paginate } from '../../rest/pagination.js';
import { fileStorageFor, signedFileUrlsFor } from '../../storage/file-storage.js';
import { taxConfirmationZipName, taxConfirmationZipUrls } from '../../storage/tax-confirmation-zip.js';
import { rest, superuserProcedure } from '../../trpc/procedures.js';
import { tags } from './crud.js';
import { assertUnitVisible, unitsVisibleTo } from './unit-access.js';

const base = '/admin/tax_confirmations';
const accepted = (jobId: string) => ({ job_id: jobId, status_url: `/api/admin/jobs/${jobId}/` });

/** `/api/admin/tax_confirmations/…` (issue 20): yearly confirmations of gifts, per unit. */
export const taxConfirmationsRouter = {
  list: superuserProcedure
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
        listTaxConfirmations(ctx.em, { administrativeUnitId: input.administrative_unit, year: input.year, units: unitsVisibleTo(ctx.user) }, w),
      ),
    ),

  generate: superuserProcedure
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
      assertUnitVisible(ctx.user, input.administrative_unit);
      const { jobId } = await requestTaxConfirmations(ctx.em, { administrativeUnitId: input.administrative_unit, year: input.year }, ctx.user.id);
      return accepted(jobId);
    }),

  send: superuserProcedure
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
      assertUnitVisible(ctx.user, input.administrative_unit);
      const { jobId } = await requestTaxConfirmationEmails(ctx.em, { administrativeUnitId: input.administrative_unit, year: input.year }, ctx.user.id);
      return accepted(jobId);
    }),

  preview: superuserProcedure
    .meta(
      rest('GET', `${base}/preview/`, {
        tags,
        summary: 'Preview one donor’s confirmation',
        description: 'Drawn now as generation would draw it; nothing is stored. 404 when the donor has nothing to confirm.',
        errorResponses: { 404: 'No such unit, or nothing to confirm for this donor' },
      }),
    )
    .input(ZTaxConfirmationPreviewInput)
    .output(ZTaxConfirmationPreview)
    .query(async ({ ctx, input }) => {
      assertUnitVisible(ctx.user, input.administrative_unit);
      const doc = await previewTaxConfirmation(
        ctx.em,
        fileStorageFor(ctx.env),
        { administrativeUnitId: input.administrative_unit, year: input.year },
        input.profile,
      );
      if (!doc) throw new NotFound();
      const pdf = await renderTaxConfirmation(doc);
      return { filename: `potvrzeni-${input.year}-${input.profile}.pdf`, content_type: 'application/pdf' as const, data: pdf.toString('base64') };
    }),

  zip: superuserProcedure
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
      assertUnitVisible(ctx.user, input.administrative_unit);
      return { download_url: taxConfirmationZipUrls(ctx.env.SECRET_KEY).url(taxConfirmationZipName(input.administrative_unit, input.year)) };
    }),

  download: superuserProcedure
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
      assertUnitVisible(ctx.user, found.unitId);
      return { download_url: signedFileUrlsFor(ctx.env).url(found.file) };
    }),
} satisfies TRPCRouterRecord;

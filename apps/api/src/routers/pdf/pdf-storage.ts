import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { formatDateTimeOrNull, PEOPLE_MSG, ZPdfDownload, ZPdfFileInput, ZPdfListInput, ZPdfListItem, ZPdfRelatedIds } from '@klub/contracts';
import { NotFound, allPdfRelatedIds, isPaidMember, listPdfsRelatedTo, pdfFileKey } from '@klub/domain';
import { signedFileUrlsFor } from '../../storage/file-storage.js';
import { rest, userProcedure } from '../../trpc/procedures.js';
import { paidSectionOptions } from '../account/paid-section.js';

const tags = ['pdf'];

export const pdfStorageRouter = {
  relatedIds: userProcedure
    .meta(
      rest('GET', '/pdf_storage/all_related_ids/', {
        tags,
        summary: 'All related ids used by PDFs',
        description: '`{"ids": [...]}`: the distinct union of every PDF’s related ids, in no particular order (api.md §10.3).',
      }),
    )
    .output(ZPdfRelatedIds)
    .query(async ({ ctx }) => ({ ids: await allPdfRelatedIds(ctx.em) })),

  file: userProcedure
    .meta(
      rest('GET', '/pdf_storage/pdf_file/{id}/', {
        tags,
        summary: 'Download URL of a PDF, for paying members',
        description:
          'For a caller who is paid by the rule of `/api/check_last_payment/`: `{"download_url": "..."}`, a short-lived signed URL. 404 `{"detail": "Payment for last month doesnt exist"}` for others (or the Darujme connection 404), `{"detail": "PDF doesnt exist"}` for an unknown id (api.md §10.2).',
        errorResponses: { 404: 'Not paid (`Payment for last month doesnt exist`), or no such PDF (`PDF doesnt exist`).' },
      }),
    )
    .input(ZPdfFileInput)
    .output(ZPdfDownload)
    .query(async ({ ctx, input }) => {
      if (!(await isPaidMember(ctx.em, ctx.user, paidSectionOptions(ctx.env)))) throw new NotFound(PEOPLE_MSG.notPaid);
      const key = await pdfFileKey(ctx.em, input.id);
      if (key === undefined) throw new NotFound(PEOPLE_MSG.pdfNotFound);
      return { download_url: signedFileUrlsFor(ctx.env).url(key) };
    }),

  list: userProcedure
    .meta(
      rest('GET', '/pdf_storage/{related_id}/list/', {
        tags,
        summary: 'PDFs related to an id',
        description: 'A bare array, ordered by id, of the PDFs whose related ids contain `related_id`; `author` is the author’s display name or null (api.md §10.1, D34).',
      }),
    )
    .input(ZPdfListInput)
    .output(z.array(ZPdfListItem))
    .query(async ({ ctx, input }) =>
      (await listPdfsRelatedTo(ctx.em, input.related_id)).map((r) => ({ ...r, created: formatDateTimeOrNull(r.created) })),
    ),
} satisfies TRPCRouterRecord;

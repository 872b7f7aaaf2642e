import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { ZIdInput, ZMyTaxConfirmation, ZTaxConfirmationDownload } from '@klub/contracts';
import { NotFound, myTaxConfirmations, taxConfirmationFile } from '@klub/domain';
import { signedFileUrlsFor } from '../../storage/file-storage.js';
import { rest, userProcedure } from '../../trpc/procedures.js';

const tags = ['frontend'];

/** `/api/frontend/tax_confirmations/` (issue 20): the caller's own confirmations, nobody else's. */
export const myTaxConfirmationsRouter = {
  list: userProcedure
    .meta(rest('GET', '/frontend/tax_confirmations/', { tags, summary: 'My tax confirmations', description: 'The caller’s generated confirmations, newest year first.' }))
    .output(z.array(ZMyTaxConfirmation))
    .query(({ ctx }) => myTaxConfirmations(ctx.em, ctx.user.id)),

  download: userProcedure
    .meta(
      rest('GET', '/frontend/tax_confirmations/{id}/download/', {
        tags,
        summary: 'Link to one of my tax confirmations',
        description: 'A signed link to the PDF, valid for 15 minutes. Another person’s confirmation is 404.',
        errorResponses: { 404: 'No such confirmation of the caller' },
      }),
    )
    .input(ZIdInput)
    .output(ZTaxConfirmationDownload)
    .query(async ({ ctx, input }) => {
      const found = await taxConfirmationFile(ctx.em, input.id);
      if (!found?.file || found.profileId !== ctx.user.id) throw new NotFound();
      return { download_url: signedFileUrlsFor(ctx.env).url(found.file) };
    }),
} satisfies TRPCRouterRecord;

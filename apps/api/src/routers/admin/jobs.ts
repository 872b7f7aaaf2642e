import { ZJobIdInput, ZJobStatus } from '@klub/contracts';
import { NotFound, ServiceUnavailable, ensureWholeOrganisation } from '@klub/domain';
import { rest, staffProcedure } from '../../trpc/procedures.js';
import { tags } from './crud.js';

/** `GET /api/admin/jobs/{id}/` (operations.md §2–§4): any job's state and progress. */
export const jobsRouter = {
  retrieve: staffProcedure
    .meta(
      rest('GET', '/admin/jobs/{id}/', {
        tags,
        summary: 'State and progress of a background job',
        description:
          '`state` is `pending` while the job waits in the outbox, then the BullMQ state (`waiting`, `active`, `delayed`, `completed`, `failed`). Failed jobs keep `failed_reason`.',
        errorResponses: { 404: 'No such job (finished jobs are kept for a while, then removed)' },
      }),
    )
    .input(ZJobIdInput)
    .output(ZJobStatus)
    .query(async ({ ctx, input }) => {
      // Any job of any unit (imports, checks): organisation staff and superusers only.
      ensureWholeOrganisation(ctx.access);
      if (!ctx.services.jobs) throw new ServiceUnavailable();
      const status = await ctx.services.jobs.status(ctx.em, input.id);
      if (!status) throw new NotFound();
      return status;
    }),
};

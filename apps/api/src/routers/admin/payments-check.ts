import { z } from 'zod';
import { ZJobAccepted } from '@klub/contracts';
import { ensureWholeOrganisation, requestPaymentCheck } from '@klub/domain';
import { rest, staffProcedure } from '../../trpc/procedures.js';
import { tags } from './crud.js';

/** `POST /api/admin/payments/check/` (operations.md §4): run the payment check now. */
export const paymentsCheckRouter = {
  create: staffProcedure
    .meta(
      rest('POST', '/admin/payments/check/', {
        tags,
        summary: 'Queue a payment check now',
        description:
          'Recomputes every donor channel’s expected payment and lateness (jobs.md §5.2), as the nightly run does. Answers 202 with the job id; follow it at `GET /api/admin/jobs/{id}/`.',
        successStatus: 202,
      }),
    )
    .input(z.object({}))
    .output(ZJobAccepted)
    .mutation(async ({ ctx }) => {
      // Every unit's channels are recomputed: organisation staff and superusers only.
      ensureWholeOrganisation(ctx.access);
      const { jobId } = await requestPaymentCheck(ctx.em, ctx.user.id);
      return { job_id: jobId, status_url: `/api/admin/jobs/${jobId}/` };
    }),
};

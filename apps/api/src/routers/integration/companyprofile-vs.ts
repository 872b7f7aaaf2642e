import type { TRPCRouterRecord } from '@trpc/server';
import { ZCompanyProfileVsInput, ZVsOutput } from '@klub/contracts';
import { companyProfileVs } from '@klub/domain';
import { rest, scoped } from '../../trpc/procedures.js';

export const companyProfileVsRouter = {
  create: scoped('can_create_profiles', { or: 'staff' })
    .meta(
      rest('POST', '/companyprofile/vs/', {
        tags: ['integration'],
        summary: 'Get or create a company and its donor channel; return the VS',
        description:
          'Finds the company by IČO (`crn`; without one a new company is always created), adds the money account’s unit, fills a missing name and an empty address, gets or creates the contact matching all given details, and gets or creates the channel as `/api/userprofile/vs/` does. Answers 200 `{"VS": "..."}`; an invalid IČO is 400 `{"crn": [...]}` (api.md §9.4).',
      }),
    )
    .input(ZCompanyProfileVsInput)
    .output(ZVsOutput)
    .mutation(({ ctx, input }) =>
      companyProfileVs(ctx.em, input, {
        // The reference notifies the unit's administrators in its admin; we have no such inbox, so the log carries it.
        onInvalidCrn: (crn, unitId) => ctx.log.warn({ crn, administrativeUnitId: unitId }, 'Wrong CRN (IČO) format: not created in system'),
      }),
    ),
} satisfies TRPCRouterRecord;

import { ZDashboard } from '@klub/contracts';
import { dashboardFigures, seesAllUnits } from '@klub/domain';
import { z } from 'zod';
import { rest, staffProcedure } from '../../trpc/procedures.js';
import { tags } from './crud.js';

const FAILED_JOBS_LISTED = 10;

/** `GET /api/admin/dashboard/` (issue 18 screen 1): one SQL statement, and the queues' failed jobs. */
export const dashboardProcedure = staffProcedure
  .meta(
    rest('GET', '/admin/dashboard/', {
      tags,
      summary: 'The back office’s dashboard',
      description:
        'Income and paying members per month for the last 24 months, regular donations that became late this month, ' +
        'days since the last statement of each bank account, and failed background jobs. Unit staff get the figures ' +
        'of their units and no jobs (those concern the whole organisation).',
    }),
  )
  .input(z.object({}))
  .output(ZDashboard)
  .query(async ({ ctx }) => {
    const figures = await dashboardFigures(ctx.em, ctx.access);
    let failed_jobs = null;
    if (seesAllUnits(ctx.access) && ctx.services.jobs) {
      try {
        const failed = await ctx.services.jobs.failed(FAILED_JOBS_LISTED);
        failed_jobs = {
          count: failed.count,
          results: failed.results.map((j) => ({ id: j.id, name: j.name, queue: j.queue, failed_reason: j.failed_reason, finished_at: j.finished_at })),
        };
      } catch {
        // Redis away: the figures still answer; the screen says the jobs cannot be read.
      }
    }
    return { ...figures, failed_jobs };
  });

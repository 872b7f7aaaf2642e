import { importsPeople } from '@klub/contracts';
import { applyPeopleImport, failPeopleImport, NotFound } from '@klub/domain';
import { defineHandler } from './define-handler.js';

/**
 * `imports.people` (issue 17 §3): applies a staged people import in chunks, with progress on the
 * job and on the import's status row. Rows are marked applied chunk by chunk, so a retry after a
 * crash or a killed worker resumes where the last commit left it; the import is marked failed
 * when the last attempt fails.
 */
export const handler = defineHandler(importsPeople, async ({ importId }, ctx) => {
  try {
    const result = await applyPeopleImport(ctx.em, importId, { onProgress: ctx.progress });
    ctx.log.info({ importId, ...result }, 'people imported');
    return result;
  } catch (err) {
    const lastAttempt = ctx.job.attemptsMade + 1 >= (ctx.job.opts.attempts ?? 1);
    if (err instanceof NotFound || lastAttempt) await failPeopleImport(ctx.em.fork(), importId, (err as Error).message).catch(() => undefined);
    throw err;
  }
});

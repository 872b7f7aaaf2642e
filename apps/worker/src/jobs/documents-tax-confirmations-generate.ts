import { documentsTaxConfirmationsGenerate } from '@klub/contracts';
import { generateTaxConfirmations } from '@klub/domain';
import { createTaxConfirmationRenderPool, defaultRenderThreads } from '@klub/pdfs';
import { fileStorageAt } from '@klub/storage';
import { defineHandler } from './define-handler.js';

/**
 * `documents.tax-confirmations-generate` (issue 20): a unit's confirmations for a year, with
 * progress. Idempotent and resumable: a rerun (a retry after a kill included) draws only the
 * confirmations whose data changed or that have no file yet.
 */
export const handler = defineHandler(documentsTaxConfirmationsGenerate, async ({ administrativeUnitId, year }, ctx) => {
  // The drawing is synchronous JavaScript: threads of its own (TAX_PDF_THREADS) use the other cores.
  const pool = createTaxConfirmationRenderPool(ctx.deps.env.TAX_PDF_THREADS || defaultRenderThreads());
  const result = await generateTaxConfirmations(
    ctx.em,
    { administrativeUnitId, year },
    {
      files: fileStorageAt(ctx.deps.env.STORAGE_DIR),
      render: (document) => pool.render(document),
      concurrency: pool.size * 2,
      onProgress: (done, total) => ctx.progress(total ? (100 * done) / total : 100),
    },
  ).finally(() => pool.close());
  ctx.log.info({ administrativeUnitId, year, ...result }, 'tax confirmations generated');
  return result;
});

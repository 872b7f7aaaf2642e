import { setTimeout as sleep } from 'node:timers/promises';
import type { EntityManager } from '@mikro-orm/postgresql';
import { generateTaxConfirmations, requestTaxConfirmations, type GenerateResult } from '@klub/domain';
import { renderTaxConfirmation } from '@klub/pdfs';
import { fileStorageAt } from '@klub/storage';
import { JobQueues } from '../jobs/job-queues.js';
import { progressBar } from './import-statement.js';

export interface TaxConfirmationsCommand {
  unit: string;
  year: string;
  /** Draw the PDFs in this process instead of queueing the job for the worker. */
  inline: boolean;
  storageDir: string;
  redisUrl: string;
  queuePrefix: string;
  timeoutSeconds: number;
  out?: NodeJS.WriteStream;
}

function parseScope(cmd: TaxConfirmationsCommand): { administrativeUnitId: number; year: number } {
  const administrativeUnitId = Number(cmd.unit);
  const year = Number(cmd.year);
  if (!Number.isInteger(administrativeUnitId) || administrativeUnitId <= 0) throw new Error('--unit must be the id of an administrative unit');
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new Error('--year must be a year such as 2026');
  return { administrativeUnitId, year };
}

const summary = (r: GenerateResult) =>
  `done: ${r.total} confirmations (${r.created} new, ${r.changed} changed amounts), ${r.rendered} drawn, ${r.unchanged} unchanged, ${r.withdrawn} withdrawn\n`;

/**
 * `pnpm klub tax-confirmations generate --year 2026 --unit <id> [--inline]` (issue 20): queues the
 * worker's job (as the admin API does) and follows its BullMQ progress with a bar, or with
 * `--inline` draws them in this process. Either way a rerun draws only what changed.
 */
export async function generateTaxConfirmationsCommand(em: EntityManager, cmd: TaxConfirmationsCommand): Promise<number> {
  const out = cmd.out ?? process.stdout;
  const scope = parseScope(cmd);
  let last = '';
  const show = (percent: number, note: string) => {
    const line = `${progressBar(percent)} ${note}`;
    if (line === last) return;
    out.write(out.isTTY ? `\r${line}` : `${line}\n`);
    last = line;
  };
  const end = () => out.write(out.isTTY ? '\n' : '');

  if (cmd.inline) {
    const result = await generateTaxConfirmations(em, scope, {
      files: fileStorageAt(cmd.storageDir),
      render: renderTaxConfirmation,
      onProgress: (done, total) => show(total ? Math.floor((100 * done) / total) : 100, `${done}/${total}`),
    });
    end();
    out.write(summary(result));
    return 0;
  }

  const { jobId } = await requestTaxConfirmations(em, scope, null);
  out.write(`tax confirmations queued (job ${jobId}); waiting for the worker…\n`);
  const jobs = new JobQueues(cmd.redisUrl, cmd.queuePrefix);
  try {
    const deadline = Date.now() + cmd.timeoutSeconds * 1000;
    for (;;) {
      const status = await jobs.status(em.fork(), jobId);
      if (status) show(status.progress, status.state);
      if (status?.state === 'completed') {
        end();
        out.write(summary(status.result as GenerateResult));
        return 0;
      }
      if (status?.state === 'failed') {
        end();
        out.write(`failed: ${status.failed_reason ?? 'unknown error'}\n`);
        return 1;
      }
      if (Date.now() > deadline) {
        end();
        out.write(`stopped following after ${cmd.timeoutSeconds} s; the job goes on (GET /api/admin/jobs/${jobId}/)\n`);
        return 1;
      }
      await sleep(250);
    }
  } finally {
    await jobs.close();
  }
}

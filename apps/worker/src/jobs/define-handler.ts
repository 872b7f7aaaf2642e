import { UnrecoverableError, type Job } from 'bullmq';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { JobDefinition, JobPayload, QueueName } from '@klub/contracts';
import { NotFound, ParseError, ValidationError } from '@klub/domain';
import type { DarujmeClient } from '@klub/domain';
import type { Mailer } from '@klub/emails';
import type { KeyedEnv } from '@klub/config';

/** What every handler may use; built once by the worker process (or a test). */
export interface WorkerDeps {
  orm: MikroORM;
  /** The one environment module's configuration (@klub/config), with the installation's signing key. */
  env: KeyedEnv;
  log: Logger;
  mailer: Mailer;
  darujme: DarujmeClient;
  /** Test seams: e.g. a simulated crash right after an e-mail was handed to SMTP. */
  hooks?: {
    afterSend?: (outboxId: number) => void | Promise<void>;
    /** After SMTP accepted a mailing copy and before it is recorded (a crash there resends it). */
    afterMailingSend?: (mailingId: number, profileId: number) => void | Promise<void>;
  };
}

export interface HandlerContext {
  /** A fresh fork for this run of the job. */
  em: EntityManager;
  job: Job;
  log: Logger;
  deps: WorkerDeps;
  /** 0–100 on the BullMQ job (seen by `GET /api/admin/jobs/{id}/` and the dashboard). */
  progress: (percent: number) => Promise<void>;
}

export interface JobHandler {
  name: string;
  queue: QueueName;
  run: (job: Job, deps: WorkerDeps) => Promise<unknown>;
}

/**
 * One job's handler (STYLE.md §2.6): the payload is validated with the job's zod schema (a bad
 * payload can never succeed: UnrecoverableError, no retries), the domain errors that no retry
 * can fix (ValidationError, NotFound, ParseError) become UnrecoverableError too; anything else
 * is rethrown, so BullMQ retries it with exponential back-off.
 */
export function defineHandler<J extends JobDefinition>(
  definition: J,
  fn: (payload: JobPayload<J>, ctx: HandlerContext) => Promise<unknown>,
): JobHandler {
  return {
    name: definition.name,
    queue: definition.queue,
    async run(job, deps) {
      const parsed = definition.payload.safeParse(job.data);
      if (!parsed.success) {
        const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(payload)'}: ${i.message}`);
        throw new UnrecoverableError(`invalid payload for ${definition.name}: ${issues.join('; ')}`);
      }
      const log = deps.log.child({ job: definition.name, jobId: job.id, attempt: job.attemptsMade + 1 });
      const ctx: HandlerContext = {
        em: deps.orm.em.fork(),
        job,
        log,
        deps,
        progress: (percent) => job.updateProgress(Math.max(0, Math.min(100, Math.round(percent)))),
      };
      try {
        return await fn(parsed.data as JobPayload<J>, ctx);
      } catch (err) {
        if (err instanceof ValidationError)
          throw new UnrecoverableError(`${err.message}: ${JSON.stringify(err.fields)}`);
        if (err instanceof NotFound || err instanceof ParseError) throw new UnrecoverableError(err.message);
        throw err;
      }
    },
  };
}

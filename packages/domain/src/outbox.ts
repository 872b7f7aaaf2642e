import type { EntityManager } from '@mikro-orm/postgresql';
import type { JobDefinition, JobPayload } from '@klub/contracts';
import { OutboxMessage } from '@klub/db';
import { join, sql, type Sql } from './sql-fragment.js';

/**
 * The only way to start background work (ARCHITECTURE.md "Work that leaves the request"):
 * the job is validated and written to the outbox through the caller's `em`, so it commits or
 * rolls back with the change that caused it. The worker's relay moves it to BullMQ.
 */
export function enqueue<J extends JobDefinition>(em: EntityManager, job: J, payload: JobPayload<J>): OutboxMessage {
  const data = job.payload.parse(payload) as Record<string, unknown>;
  const message = em.create(OutboxMessage, { jobName: job.name, payload: data });
  em.persist(message);
  return message;
}

/**
 * `enqueue` as the body of a data-modifying CTE, for a statement that also writes what the job
 * is about: the keys of `late` are SQL expressions over `from` that only that statement knows
 * (the ids it inserts, the names it stores). The payload is validated here with stand-ins for
 * them, so `late` must give values that are valid wherever the stand-ins are (`from` filters
 * out the rows where they would not be). Undefined when the payload is invalid.
 */
export function enqueueInStatement<J extends JobDefinition>(
  job: J,
  payload: JobPayload<J>,
  late: Partial<Record<keyof JobPayload<J> & string, Sql>>,
  from: Sql,
): Sql | undefined {
  const parsed = job.payload.safeParse(payload);
  if (!parsed.success) return undefined;
  const known = { ...(parsed.data as Record<string, unknown>) };
  const entries = Object.entries(late) as Array<[string, Sql]>;
  for (const [key] of entries) delete known[key];
  const pairs = join(entries.map(([key, value]) => sql`${key}::text, ${value}`), ', ');
  return sql`insert into outbox_message (job_name, payload)
    select ${job.name}::text, ${JSON.stringify(known)}::jsonb || jsonb_build_object(${pairs}) ${from}
    returning id`;
}

import type { EntityManager } from '@mikro-orm/postgresql';
import type { JobDefinition, JobPayload } from '@klub/contracts';
import { OutboxMessage } from '@klub/db';
import { join, run, sql, type Sql } from './sql-fragment.js';
import { execute } from './sql.js';

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
 * `enqueue` for several jobs as one SQL statement in the caller's transaction, for set-based
 * writers that must not leave rows for the ORM to flush (a shared transaction would flush them
 * with whoever commits it).
 */
export async function enqueueAll<J extends JobDefinition>(em: EntityManager, job: J, payloads: ReadonlyArray<JobPayload<J>>): Promise<void> {
  if (payloads.length === 0) return;
  const data = payloads.map((payload) => job.payload.parse(payload) as Record<string, unknown>);
  await run(
    em,
    sql`insert into outbox_message (job_name, payload) select ${job.name}::text, x from jsonb_array_elements(${JSON.stringify(data)}::jsonb) x`,
  );
}

/**
 * The part of a job's payload that a statement writing what the job is about (see
 * `enqueueInStatement`) knows beforehand: validated here with stand-ins for the `late` keys, which
 * only the statement knows and must give valid values for. Undefined when the payload is invalid.
 */
export function payloadBeforeStatement<J extends JobDefinition>(
  job: J,
  payload: JobPayload<J>,
  late: ReadonlyArray<keyof JobPayload<J> & string>,
): Record<string, unknown> | undefined {
  const parsed = job.payload.safeParse(payload);
  if (!parsed.success) return undefined;
  const known = { ...(parsed.data as Record<string, unknown>) };
  for (const key of late) delete known[key];
  return known;
}

/**
 * `enqueue` as the body of a data-modifying CTE, one job per row of `from`: `known` is the jsonb
 * of `payloadBeforeStatement` and the values of `late` SQL expressions over `from` (the ids the
 * statement inserts, the names it stores).
 */
export function enqueueInStatement<J extends JobDefinition>(
  job: J,
  known: Sql,
  late: Partial<Record<keyof JobPayload<J> & string, Sql>>,
  from: Sql,
): Sql {
  const pairs = join(
    (Object.entries(late) as Array<[string, Sql]>).map(([key, value]) => sql`${key}::text, ${value}`),
    ', ',
  );
  return sql`insert into outbox_message (job_name, payload)
    select ${job.name}::text, ${known} || jsonb_build_object(${pairs}) ${from}
    returning id, payload`;
}

/** An outbox row waiting for the relay. */
export interface PendingOutboxRow {
  id: string;
  job_name: string;
  payload: unknown;
}

/**
 * The relay's side (the worker's `outbox-relay.ts`): up to `limit` rows due, oldest first, locked
 * for `tx`'s transaction; rows another relay holds are skipped.
 */
export function claimPendingOutbox(tx: EntityManager, limit: number): Promise<PendingOutboxRow[]> {
  return execute<PendingOutboxRow[]>(
    tx,
    `select id, job_name, payload from outbox_message
      where published_at is null and available_at <= now()
      order by id limit ? for update skip locked`,
    [limit],
  );
}

/** Rows BullMQ accepted. */
export async function markOutboxPublished(tx: EntityManager, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await execute(tx, 'update outbox_message set published_at = now(), attempts = attempts + 1 where id in (?)', [ids]);
}

/** A row no worker could ever run: parked (never published) with its error, not retried forever. */
export async function parkOutboxMessage(tx: EntityManager, id: string, error: string): Promise<void> {
  await execute(tx, "update outbox_message set last_error = ?, available_at = 'infinity' where id = ?", [error, id]);
}

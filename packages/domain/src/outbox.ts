import type { EntityManager } from '@mikro-orm/postgresql';
import type { JobDefinition, JobPayload } from '@klub/contracts';
import { OutboxMessage } from '@klub/db';

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

import type { z } from 'zod';

/** The queues of operations.md §4: a job's queue is the part of its name before the dot. */
export const QUEUES = [
  'email',
  'payments',
  // Long document runs (a unit's tax confirmations), apart so they never hold up payments.
  'documents',
  // A staff member's people import, apart from the bank statements of 'payments'.
  'imports',
  // Mass mailings, one job per mailing, throttled on their own.
  'mailing',
] as const;
export type QueueName = (typeof QUEUES)[number];

export interface JobDefinition<Name extends string = string, Payload extends z.ZodType = z.ZodType> {
  name: Name;
  queue: QueueName;
  payload: Payload;
}

export function defineJob<const Name extends `${QueueName}.${string}`, Payload extends z.ZodType>(
  name: Name,
  payload: Payload,
): JobDefinition<Name, Payload> {
  const queue = name.slice(0, name.indexOf('.')) as QueueName;
  return { name, queue, payload };
}

export type JobPayload<J extends JobDefinition> = z.infer<J['payload']>;

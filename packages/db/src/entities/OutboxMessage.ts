import { defineEntity, p, type EntitySchema, type InferEntity } from '@mikro-orm/core';

/**
 * Jobs are written here in the caller's transaction and published to BullMQ by the worker's relay
 * (STYLE.md §2.6), so a rolled-back request never enqueues anything.
 */
const OutboxMessageSchema = defineEntity({
  name: 'OutboxMessage',
  tableName: 'outbox_message',
  indexes: [
    {
      // The relay only ever scans unpublished rows.
      name: 'outbox_message_unpublished_index',
      expression:
        'create index "outbox_message_unpublished_index" on "outbox_message" ("id") where published_at is null',
    },
  ],
  properties: {
    id: p.bigint('number').primary(),
    jobName: p.string().length(255),
    payload: p.json<unknown>(),
    createdAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
    availableAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
    publishedAt: p.datetime().nullable(),
    attempts: p.integer().default(0),
    lastError: p.text().nullable(),
  },
});

export interface OutboxMessage extends InferEntity<typeof OutboxMessageSchema> {}
export const OutboxMessage: EntitySchema<OutboxMessage, never> = OutboxMessageSchema;

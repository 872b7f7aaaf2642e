import { defineEntity, p, type EntitySchema, type InferEntity } from '@mikro-orm/core';
import { SENT_EMAIL_STATUS } from '@klub/contracts';

/**
 * Idempotency record of an e-mail job: a retried job finds its row by outbox id and does not send
 * twice. The outbox id is a plain column (no FK) so that published outbox rows can be purged.
 * `claimedAt` and `attempts` let a retry tell a claim left `sending` by a crashed attempt (old:
 * taken over and resent with the same Message-ID) from one whose attempt may still be running.
 */
const SentEmailSchema = defineEntity({
  name: 'SentEmail',
  tableName: 'sent_email',
  properties: {
    id: p.bigint('number').primary(),
    outboxMessageId: p.bigint('number').unique(),
    to: p.text(),
    subject: p.text(),
    status: p.enum([...SENT_EMAIL_STATUS]).default('sending'),
    createdAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
    sentAt: p.datetime().nullable(),
    claimedAt: p.datetime().defaultRaw('now()'),
    attempts: p.integer().default(1),
  },
});

export interface SentEmail extends InferEntity<typeof SentEmailSchema> {}
export const SentEmail: EntitySchema<SentEmail, never> = SentEmailSchema;

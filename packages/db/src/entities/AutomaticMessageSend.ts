import { defineEntity, p, type EntitySchema, type InferEntity } from '@mikro-orm/core';
import { MAILING_RECIPIENT_STATUS, MAILING_SKIP_REASON } from '@klub/contracts';
import { AutomaticMessage } from './AutomaticMessage.js';
import { Profile } from './Profile.js';

/**
 * One occurrence of an automatic message for a person, and the send-once claim on its copy (as
 * `mailing_recipient`). Unique per (message, person, occurrence): `occurrence` is '' for a
 * once-only message, so a person can never be given it twice, however many workers evaluate.
 */
const AutomaticMessageSendSchema = defineEntity({
  name: 'AutomaticMessageSend',
  tableName: 'automatic_message_send',
  uniques: [{ name: 'automatic_message_send_message_profile_occurrence_unique', properties: ['automaticMessage', 'profile', 'occurrence'] }],
  indexes: [
    { properties: ['status'] },
    { properties: ['profile'] },
    {
      name: 'automatic_message_send_open_index',
      expression: `create index "automatic_message_send_open_index" on "automatic_message_send" ("id") where "status" in ('pending', 'sending')`,
    },
  ],
  properties: {
    id: p.integer().primary(),
    automaticMessage: () => p.manyToOne(AutomaticMessage).ref().deleteRule('cascade'),
    profile: () => p.manyToOne(Profile).ref().deleteRule('cascade'),
    occurrence: p.string().length(100).default(''),
    email: p.string().length(254).nullable(),
    status: p.enum([...MAILING_RECIPIENT_STATUS]).default('pending'),
    skipReason: p.enum([...MAILING_SKIP_REASON]).nullable(),
    claimedAt: p.datetime().nullable(),
    attempts: p.integer().default(0),
    sentAt: p.datetime().nullable(),
    error: p.text().nullable(),
    created: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
  },
});

export interface AutomaticMessageSend extends InferEntity<typeof AutomaticMessageSendSchema> {}
export const AutomaticMessageSend: EntitySchema<AutomaticMessageSend, never> = AutomaticMessageSendSchema;

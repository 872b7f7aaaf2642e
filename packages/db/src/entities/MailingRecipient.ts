import { defineEntity, p, type EntitySchema, type InferEntity } from '@mikro-orm/core';
import { MAILING_RECIPIENT_STATUS, MAILING_SKIP_REASON } from '@klub/contracts';
import { Mailing } from './Mailing.js';
import { Profile } from './Profile.js';

/**
 * One person of a mailing and the send-once claim on their copy (issue 19 §2), as `sent_email`
 * is for single e-mails: `sending` with `claimed_at` and `attempts` until SMTP accepted it, then
 * `sent`; `failed` when the server refused the address; `skipped` (with the reason) when fixed.
 */
const MailingRecipientSchema = defineEntity({
  name: 'MailingRecipient',
  tableName: 'mailing_recipient',
  indexes: [{ properties: ['mailing', 'status'] }],
  properties: {
    mailing: () => p.manyToOne(Mailing).ref().primary().deleteRule('cascade'),
    profile: () => p.manyToOne(Profile).ref().primary().deleteRule('cascade'),
    email: p.string().length(254).nullable(),
    status: p.enum([...MAILING_RECIPIENT_STATUS]).default('pending'),
    skipReason: p.enum([...MAILING_SKIP_REASON]).nullable(),
    claimedAt: p.datetime().nullable(),
    attempts: p.integer().default(0),
    sentAt: p.datetime().nullable(),
    error: p.text().nullable(),
  },
});

export interface MailingRecipient extends InferEntity<typeof MailingRecipientSchema> {}
export const MailingRecipient: EntitySchema<MailingRecipient, never> = MailingRecipientSchema;

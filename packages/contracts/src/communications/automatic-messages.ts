import { z } from 'zod';
import { AUTOMATIC_REPEAT, AUTOMATIC_TRIGGER, MAILING_RECIPIENT_STATUS, MAILING_SKIP_REASON } from '../choices.js';
import { field } from '../fields.js';
import { ZPageQuery } from '../pagination.js';

/** A PATCH field: absent stays absent (a default would overwrite the stored value). */
const withoutDefault = (v: z.ZodType): z.ZodType => {
  if (!(v instanceof z.ZodDefault)) return v;
  const inner = v.unwrap() as z.ZodType;
  return v.description && !inner.description ? inner.describe(v.description) : inner;
};

const pk = (description: string) => field.pk({ description });
const ZId = pk('Id of the automatic message');
const text = (max: number) => z.string().max(max);

/**
 * Automatic messages (issue 19 §3): a mailing's texts (the same variables and gendered forms)
 * sent by themselves when a trigger fires for a person (raised in the transaction of the change)
 * or when a person enters a segment (evaluated nightly), once ever or once per occurrence.
 */
export const ZAutomaticMessageInput = z.object({
  name: z.string().trim().min(1).max(200).describe('Name staff know the message by'),
  administrative_unit: pk('The sending administrative unit; triggers fire for its people and donations only'),
  trigger: field.choice(AUTOMATIC_TRIGGER, { description: 'Send when this happens… (or set `segment`)' }).nullable().default(null),
  segment: pk('…or when a person enters this saved segment (evaluated nightly)').nullable().default(null),
  repeat: field.choice(AUTOMATIC_REPEAT, { description: '`once`: once ever per person; `each`: once per occurrence' }).default('once'),
  service: field.boolean({ description: 'A service message (e.g. a payment reminder): sent without consent to mailings' }).default(false),
  enabled: field.boolean({ description: 'Only enabled messages are sent' }).default(false),
  subject_cs: text(300).default('').describe('Czech subject (variables allowed)'),
  body_cs: text(100_000).default('').describe('Czech body'),
  subject_en: text(300).default('').describe('English subject'),
  body_en: text(100_000).default('').describe('English body'),
});
export type TAutomaticMessageInput = z.infer<typeof ZAutomaticMessageInput>;
export const ZAutomaticMessagePatch = z.object(
  Object.fromEntries(Object.entries(ZAutomaticMessageInput.shape).map(([k, v]) => [k, withoutDefault(v as z.ZodType).optional()])) as {
    [K in keyof typeof ZAutomaticMessageInput.shape]: z.ZodOptional<(typeof ZAutomaticMessageInput.shape)[K]>;
  },
);

export const ZAutomaticMessageCounts = z
  .object({
    sent: z.number().int().describe('Copies sent'),
    pending: z.number().int().describe('Copies waiting or being sent'),
    failed: z.number().int().describe('Copies the server refused'),
    skipped: z.number().int().describe('Occurrences skipped (no consent, no e-mail, inactive)'),
  })
  .describe('What happened so far');

export const ZAutomaticMessage = z
  .object({
    id: z.number().int().describe('Id'),
    name: z.string().describe('Name'),
    administrative_unit: z.number().int().describe('The sending unit'),
    trigger: z.enum(AUTOMATIC_TRIGGER).nullable().describe('The trigger, or null for a segment message'),
    segment: z.number().int().nullable().describe('The segment, or null for a trigger message'),
    repeat: z.enum(AUTOMATIC_REPEAT).describe('once / each'),
    service: z.boolean().describe('Sent without consent to mailings'),
    enabled: z.boolean().describe('Sent at all'),
    subject_cs: z.string().describe('Czech subject'),
    body_cs: z.string().describe('Czech body'),
    subject_en: z.string().describe('English subject'),
    body_en: z.string().describe('English body'),
    last_evaluated_at: z.string().nullable().describe('When the segment was last evaluated'),
    created: z.string().describe('Created'),
    counts: ZAutomaticMessageCounts,
  })
  .meta({ id: 'AutomaticMessage' });
export type TAutomaticMessage = z.infer<typeof ZAutomaticMessage>;

export const ZAutomaticMessageSend = z
  .object({
    id: z.number().int().describe('Id of the send'),
    profile: z.number().int().describe('The person'),
    occurrence: z.string().describe('What occurred (empty for once-only messages)'),
    email: z.string().nullable().describe('The address used'),
    status: z.enum(MAILING_RECIPIENT_STATUS).describe('pending / sending / sent / failed / skipped'),
    skip_reason: z.enum(MAILING_SKIP_REASON).nullable().describe('Why skipped'),
    error: z.string().nullable().describe('The server’s answer when refused'),
    created: z.string().describe('When the message was raised'),
    sent_at: z.string().nullable().describe('When it was sent'),
  })
  .meta({ id: 'AutomaticMessageSend' });
export type TAutomaticMessageSend = z.infer<typeof ZAutomaticMessageSend>;

export const ZAutomaticMessageHistoryQuery = ZPageQuery.extend({
  id: ZId,
  status: field.choice(MAILING_RECIPIENT_STATUS, { description: 'Only sends in this state' }).optional(),
});

export const ZAutomaticMessageCandidate = z
  .object({
    id: z.number().int().describe('Profile id'),
    first_name: z.string().describe('First name'),
    last_name: z.string().describe('Last name'),
    email: z.string().nullable().describe('E-mail'),
    skip_reason: z.enum(MAILING_SKIP_REASON).nullable().describe('Why they would be skipped, if they would'),
  })
  .meta({ id: 'AutomaticMessageCandidate' });
export type TAutomaticMessageCandidate = z.infer<typeof ZAutomaticMessageCandidate>;

export const ZAutomaticMessageIdInput = z.object({ id: ZId });
export const ZAutomaticMessagePageInput = ZPageQuery.extend({ id: ZId });
export const ZAutomaticMessagePreviewInput = z.object({ id: ZId, profile: pk('The person whose copy to show') });

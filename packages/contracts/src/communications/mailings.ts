import { z } from 'zod';
import { LANGUAGE, MAILING_RECIPIENT_STATUS, MAILING_SKIP_REASON, MAILING_STATUS } from '../choices.js';
import { field } from '../fields.js';
import { ZPageQuery } from '../pagination.js';

/** A PATCH field: absent stays absent (a default would overwrite the stored value). */
const withoutDefault = (v: z.ZodType): z.ZodType => {
  if (!(v instanceof z.ZodDefault)) return v;
  const inner = v.unwrap() as z.ZodType;
  return v.description && !inner.description ? inner.describe(v.description) : inner;
};

const pk = (description: string) => field.pk({ description });
const ZId = pk('Id of the mailing');

/**
 * Mass e-mails (issue 19 §2). Subjects and bodies are plain text with `{{variable}}`
 * placeholders (MAILING_VARIABLES) and gendered forms `{male form|female form}`; the body's
 * blank lines separate paragraphs. The person's language picks the Czech or the English text.
 */

/** The variables a mailing may use, with what each becomes. */
export const MAILING_VARIABLES = {
  salutation: 'The person’s addressment, or a greeting by sex (“Vážený příteli” / “Dear friend”)',
  first_name: 'First name',
  last_name: 'Last name',
  email: 'E-mail address',
  city: 'City',
  regular_amount: 'Regular amount of the person’s active regular donation in the unit (empty when none)',
  vs: 'Variable symbol of that donation (empty when none)',
  total_this_year: 'Sum of the person’s payments this calendar year through the unit',
  unit_name: 'The mailing’s administrative unit',
} as const;
export type MailingVariable = keyof typeof MAILING_VARIABLES;

const text = (max: number) => z.string().max(max);

export const ZMailingInput = z.object({
  name: z.string().trim().min(1).max(200).describe('Name'),
  administrative_unit: pk('The sending administrative unit'),
  subject_cs: text(300).default('').describe('Subject cs'),
  body_cs: text(100_000).default('').describe('Body cs'),
  subject_en: text(300).default('').describe('Subject en'),
  body_en: text(100_000).default('').describe('Body en'),
  segment: pk('Send to the members of this saved segment…').nullable().default(null),
  profiles: field.list(pk('A person'), { description: '…or (also) to these people' }).default([]),
});
export type TMailingInput = z.infer<typeof ZMailingInput>;
export const ZMailingPatch = z.object(
  Object.fromEntries(Object.entries(ZMailingInput.shape).map(([k, v]) => [k, withoutDefault(v as z.ZodType).optional()])) as {
    [K in keyof typeof ZMailingInput.shape]: z.ZodOptional<(typeof ZMailingInput.shape)[K]>;
  },
);

export const ZMailingProgress = z.object({
  total: z.number().int().describe('Total'),
  pending: z.number().int().describe('Pending'),
  sent: z.number().int().describe('Sent'),
  failed: z.number().int().describe('Failed'),
  skipped: z.object(Object.fromEntries(MAILING_SKIP_REASON.map((r) => [r, z.number().int()])) as Record<(typeof MAILING_SKIP_REASON)[number], z.ZodNumber>),
});
export type TMailingProgress = z.infer<typeof ZMailingProgress>;

export const ZMailing = z
  .object({
    id: z.number().int().describe('Id'),
    name: z.string().describe('Name'),
    administrative_unit: z.number().int().describe('Administrative unit'),
    subject_cs: z.string().describe('Subject cs'),
    body_cs: z.string().describe('Body cs'),
    subject_en: z.string().describe('Subject en'),
    body_en: z.string().describe('Body en'),
    segment: z.number().int().nullable().describe('Segment'),
    profiles: z.array(z.number().int()).describe('Profiles'),
    attachment: z.string().nullable().describe('Attachment'),
    status: z.enum(MAILING_STATUS).describe('Status'),
    scheduled_at: z.string().nullable().describe('Scheduled at'),
    started_at: z.string().nullable().describe('Started at'),
    finished_at: z.string().nullable().describe('Finished at'),
    created: z.string().describe('Created'),
    progress: ZMailingProgress,
  })
  .meta({ id: 'Mailing' });
export type TMailing = z.infer<typeof ZMailing>;

export const ZMailingPreviewInput = z.object({ id: ZId, profile: pk('The person whose copy to show') });
export const ZMailingPreview = z.object({
  to: z.string().nullable().describe('To'),
  language: z.enum(LANGUAGE).describe('Language'),
  subject: z.string().describe('Subject'),
  text: z.string().describe('Text'),
  html: z.string().describe('Html'),
});
export type TMailingPreview = z.infer<typeof ZMailingPreview>;

export const ZMailingTestInput = z.object({
  id: ZId,
  email: field.email({ description: 'Where the test copy goes' }),
  profile: pk('Personalise for this person (default: sample values)').nullable().default(null),
});

export const ZMailingSendInput = z.object({
  id: ZId,
  scheduled_at: field.datetime({ description: 'When to start (default: now)' }).nullable().default(null),
});

export const ZMailingAttachmentInput = z.object({
  id: ZId,
  filename: z.string().trim().min(1).max(100).regex(/^[^/\\\0]+$/, 'A file name without slashes.').describe('Filename'),
  content_base64: z.base64().max(14_000_000).describe('Content base64'),
});

export const ZMailingRecipient = z
  .object({
    profile: z.number().int().describe('Profile'),
    email: z.string().nullable().describe('Email'),
    status: z.enum(MAILING_RECIPIENT_STATUS).describe('Status'),
    skip_reason: z.enum(MAILING_SKIP_REASON).nullable().describe('Skip reason'),
    error: z.string().nullable().describe('Error'),
    attempts: z.number().int().describe('Attempts'),
    sent_at: z.string().nullable().describe('Sent at'),
  })
  .meta({ id: 'MailingRecipient' });
export type TMailingRecipient = z.infer<typeof ZMailingRecipient>;

export const ZMailingRecipientsQuery = ZPageQuery.extend({
  id: ZId,
  status: field.choice(MAILING_RECIPIENT_STATUS, { description: 'Only recipients in this state' }).optional(),
});

/** A text with slots to fill per person (`@klub/emails` renders it once, then fills the slots). */
export type TSlotted = Array<string | { slot: number }>;

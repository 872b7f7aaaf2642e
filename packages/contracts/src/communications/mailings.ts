import { z } from 'zod';
import { LANGUAGE, MAILING_RECIPIENT_STATUS, MAILING_SKIP_REASON, MAILING_STATUS } from '../choices.js';
import { field } from '../fields.js';
import { ZPageQuery } from '../pagination.js';

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

const text = (max: number, description: string) => z.string().max(max).describe(description);
const subject = (language: string) =>
  text(
    300,
    `Subject for people whose language is ${language}, up to 300 characters; may use variables. ` +
      'A subject in Czech or English is required; empty: those people get the other language’s text',
  );
const body = (language: string) =>
  text(
    100_000,
    `Plain-text body for people whose language is ${language}, up to 100 000 characters; blank lines separate paragraphs; ` +
      'may use variables and `{male form|female form}`. Required with the subject of that language',
  );

export const ZMailingInput = z.object({
  name: z.string().trim().min(1).max(200).describe('Name for staff (recipients do not see it); up to 200 characters'),
  administrative_unit: pk('The sending administrative unit'),
  subject_cs: subject('Czech').default(''),
  body_cs: body('Czech').default(''),
  subject_en: subject('English').default(''),
  body_en: body('English').default(''),
  segment: pk('Send to the members of this saved segment…').nullable().default(null),
  profiles: field.list(pk('A person'), { description: '…or (also) to these people' }).default([]),
});
export type TMailingInput = z.infer<typeof ZMailingInput>;
export const ZMailingPatch = z.object(
  Object.fromEntries(Object.entries(ZMailingInput.shape).map(([k, v]) => [k, (v as z.ZodType).optional()])) as {
    [K in keyof typeof ZMailingInput.shape]: z.ZodOptional<(typeof ZMailingInput.shape)[K]>;
  },
);

const SKIPPED_BECAUSE: Record<(typeof MAILING_SKIP_REASON)[number], string> = {
  no_consent: 'Recipients skipped because they do not agree to the unit’s mailings',
  no_email: 'Recipients skipped because their profile has no e-mail address',
  inactive: 'Recipients skipped because their profile is inactive',
};

export const ZMailingProgress = z
  .object({
    total: z
      .number()
      .int()
      .describe('Recipients fixed when sending started (segment members and chosen people, each once); 0 before'),
    pending: z.number().int().describe('Recipients not yet dealt with: waiting, or being sent at this moment'),
    sent: z.number().int().describe('Copies the mail server accepted'),
    failed: z.number().int().describe('Copies the mail server refused (the recipient’s `error` says why)'),
    skipped: z
      .object(
        Object.fromEntries(MAILING_SKIP_REASON.map((r) => [r, z.number().int().describe(SKIPPED_BECAUSE[r])])) as Record<
          (typeof MAILING_SKIP_REASON)[number],
          z.ZodNumber
        >,
      )
      .describe('Recipients not sent to, by reason'),
  })
  .describe('How far the sending is: counts of recipients; total = pending + sent + failed + all skipped');
export type TMailingProgress = z.infer<typeof ZMailingProgress>;

export const ZMailing = z
  .object({
    id: z.number().int().describe('Id of the mailing'),
    name: z.string().describe('Name for staff (recipients do not see it)'),
    administrative_unit: z.number().int().describe('Id of the sending administrative unit; its mailing consent decides who is skipped'),
    subject_cs: z.string().describe('Czech subject (empty when none)'),
    body_cs: z.string().describe('Czech plain-text body (empty when none)'),
    subject_en: z.string().describe('English subject (empty when none)'),
    body_en: z.string().describe('English plain-text body (empty when none)'),
    segment: z.number().int().nullable().describe('Id of the saved segment whose members get it; null: only the chosen `profiles`'),
    profiles: z.array(z.number().int()).describe('Profile ids of people chosen one by one (in addition to the segment)'),
    attachment: z.string().nullable().describe('Storage key of the attached file, sent with every copy; null: no attachment'),
    status: z
      .enum(MAILING_STATUS)
      .describe(
        '`draft` (editable) → `scheduled` (waiting for `scheduled_at`) → `sending` → `done`; `cancelled`: stopped by staff, can be resumed',
      ),
    scheduled_at: z.string().nullable().describe('The start asked for when it was sent (ISO 8601, UTC); null: at once, or not sent yet'),
    started_at: z.string().nullable().describe('When sending began and the recipients were fixed (ISO 8601, UTC); null before'),
    finished_at: z.string().nullable().describe('When every recipient was dealt with (ISO 8601, UTC); null until `done`'),
    created: z.string().describe('When the mailing was created (ISO 8601, UTC)'),
    progress: ZMailingProgress,
  })
  .meta({ id: 'Mailing' });
export type TMailing = z.infer<typeof ZMailing>;

export const ZMailingPreviewInput = z.object({ id: ZId, profile: pk('The person whose copy to show') });
export const ZMailingPreview = z.object({
  to: z.string().nullable().describe('The person’s e-mail address; null when they have none (a real send would skip them)'),
  language: z.enum(LANGUAGE).describe('Language of the texts used: `cs` or `en` (the person’s, or the other one when theirs is empty)'),
  subject: z.string().describe('The subject filled in for the person'),
  text: z.string().describe('The plain-text part filled in for the person'),
  html: z.string().describe('The HTML part filled in for the person, as the e-mail client shows it'),
});
export type TMailingPreview = z.infer<typeof ZMailingPreview>;

export const ZMailingTestInput = z.object({
  id: ZId,
  email: field.email({ description: 'Where the test copy goes' }),
  profile: pk('Personalise for this person (default: sample values)').nullable().default(null),
});

export const ZMailingTestQueued = z.object({
  queued: z.literal(true).describe('Always `true`: the test copy is queued; the worker sends it shortly'),
});

export const ZMailingSendInput = z.object({
  id: ZId,
  scheduled_at: field.datetime({ description: 'When to start (default: now)' }).nullable().default(null),
});

export const ZMailingAttachmentInput = z.object({
  id: ZId,
  filename: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .regex(/^[^/\\\0]+$/, 'A file name without slashes.')
    .describe('The file’s name as recipients see it, e.g. `pozvanka.pdf`; up to 100 characters, no slashes'),
  content_base64: z.base64().max(14_000_000).describe('The file’s content, base64; at most 14 000 000 characters (about 10 MB of file)'),
});

export const ZMailingRecipient = z
  .object({
    profile: z.number().int().describe('Profile id of the person'),
    email: z.string().nullable().describe('The address the copy goes to, taken when sending started; null: none (skipped as `no_email`)'),
    status: z
      .enum(MAILING_RECIPIENT_STATUS)
      .describe('`pending` (waiting), `sending` (a worker is sending it), `sent`, `failed` (refused), `skipped` (see `skip_reason`)'),
    skip_reason: z
      .enum(MAILING_SKIP_REASON)
      .nullable()
      .describe('Why skipped: `no_consent` (no consent to the unit’s mailings), `no_email`, `inactive`; null unless `skipped`'),
    error: z.string().nullable().describe('For `failed`: the mail server’s answer (up to 1000 characters); otherwise null'),
    attempts: z.number().int().describe('How many times a worker has taken the copy to send it (0 while waiting)'),
    sent_at: z.string().nullable().describe('When the mail server accepted the copy (ISO 8601, UTC); null until `sent`'),
  })
  .meta({ id: 'MailingRecipient' });
export type TMailingRecipient = z.infer<typeof ZMailingRecipient>;

export const ZMailingRecipientsQuery = ZPageQuery.extend({
  id: ZId,
  status: field.choice(MAILING_RECIPIENT_STATUS, { description: 'Only recipients in this state' }).optional(),
});

/** A text with slots to fill per person (`@klub/emails` renders it once, then fills the slots). */
export type TSlotted = Array<string | { slot: number }>;

import { z } from 'zod';
import { MAILING_CONSENT_SOURCE } from '../choices.js';
import { field } from '../fields.js';
import { ZIdInput } from '../frontend/events.js';
import { ZPageQuery } from '../pagination.js';

/**
 * Data protection of one person (issue 22, docs/data-protection.md): the mailing consent and its
 * history, the export of everything stored about them, erasure by anonymisation, who looked at
 * them, and the candidates of the retention rule.
 */

export const ZMailingConsentChange = z
  .object({
    id: z.number().int().describe('Id of the history row'),
    administrative_unit: z.number().int().describe('The unit whose mailings the consent is about'),
    administrative_unit_name: z.string().describe('Its name'),
    old_value: z.boolean().nullable().describe('Consent before (null: the preference was created by this change, i.e. joining the unit)'),
    new_value: z.boolean().nullable().describe('Consent after'),
    source: z.enum(MAILING_CONSENT_SOURCE).describe('How: `signup` (a form), `unsubscribe` (the link in a mailing), `staff`, `import`'),
    actor: z.number().int().nullable().describe('Profile id of who made it (staff or the person); null for sign-ups, imports and the CLI'),
    created_at: z.string().describe('When'),
  })
  .meta({ id: 'AdminMailingConsentChange', description: 'One change of a person’s consent to a unit’s mailings' });

export const ZMailingConsentInput = ZIdInput.extend({
  administrative_unit: field.pk({ description: 'The unit (the person must be a member of it)' }),
  consent: field.boolean({ description: 'Whether the person agrees to receive the unit’s mailings' }),
});

const ZRows = z.array(z.record(z.string(), z.unknown()));

export const ZPersonExport = z
  .object({
    format: z.literal('klub-person-export').describe('What this document is'),
    version: z.literal(1).describe('Version of its layout'),
    exported_at: z.string().describe('When it was made (UTC)'),
    profile_id: z.number().int().describe('The person’s profile id'),
    profile: z.record(z.string(), z.unknown()).describe('The profile row as stored (without the password hash)'),
    references: z
      .record(z.string(), ZRows)
      .describe('For each foreign key to profile in the database, `table.column` → the rows whose column is this person'),
    related: z.record(z.string(), ZRows).describe('`table.column` → rows that belong to the person’s rows (payments of their donation channels)'),
    audit_entries_about: ZRows.describe('Audit log entries about the profile (changes, merges, who looked, exports)'),
    sent_emails: ZRows.describe('E-mails sent to one of the person’s addresses'),
    files: z
      .array(
        z.object({
          key: z.string().describe('The file’s storage key, e.g. `event_photos/ab12cd-photo.jpg`'),
          from: z.string().describe('Where the key is stored, `table.column`'),
          path: z.string().describe('The file’s path inside the export ZIP: `files/<key>`'),
        }),
      )
      .describe('Stored files of the person: storage key, the column holding it, its name in the ZIP'),
  })
  .meta({ id: 'AdminPersonExport', description: 'Everything stored about one person' });

export const ZPersonAccessEntry = z
  .object({
    id: z.number().int().describe('Audit log entry id'),
    actor: z.number().int().nullable().describe('Profile id of who looked (null: the CLI, or deleted since)'),
    actor_kind: z.string().describe('How they authenticated: jwt, session, basic, oauth or cli'),
    action: z.string().describe('`view` (read through the admin API), `export` or `erase`'),
    created_at: z.string().describe('When'),
  })
  .meta({ id: 'AdminPersonAccessEntry', description: 'Someone read, exported or erased a person' });

export const ZPersonAccessQuery = ZIdInput.extend(ZPageQuery.shape);

export const ZErasureSummary = z
  .object({
    profile_id: z.number().int().describe('The person'),
    emails: z.number().int().describe('E-mail addresses removed'),
    telephones: z.number().int().describe('Phone numbers removed'),
    interactions: z.number().int().describe('Interactions whose free texts are removed (the rows stay)'),
    files: z.number().int().describe('Uploaded files removed'),
    payments: z.number().int().describe('Payments that stay for accounting, linked to the anonymised profile'),
    payments_total: z.number().int().describe('Their total amount'),
  })
  .meta({ id: 'AdminErasureSummary', description: 'What an erasure removes and what it keeps' });

export const ZErasurePreparation = z
  .object({
    summary: ZErasureSummary,
    confirmation_token: z.string().describe('Send it to `POST /api/admin/profiles/{id}/erase/` to confirm; valid for this caller and person only'),
    expires_at: z.string().describe('When the token stops being accepted (UTC)'),
  })
  .meta({ id: 'AdminErasurePreparation', description: 'The first of the two confirmations of an erasure' });

export const ZErasureInput = ZIdInput.extend({
  confirmation_token: field.string({ description: 'The token answered by `POST /api/admin/profiles/{id}/erasure/`' }),
  reason: field.string({ description: 'Why (e.g. "request of 2026-12-01, ticket 42"); kept in the audit log', maxLength: 500 }),
});

export const ZRetentionQuery = ZPageQuery.extend({
  years: field
    .integer({ description: 'Inactive for at least this many years, 1 to 100 (default: the RETENTION_INACTIVE_YEARS setting)', min: 1, max: 100 })
    .optional(),
});

export const ZRetentionCandidate = z
  .object({
    id: z.number().int().describe('Profile id'),
    kind: z.string().describe('user or company'),
    last_activity: z.string().nullable().describe('The latest of the last payment, interaction, sign-in and creation'),
  })
  .meta({ id: 'AdminRetentionCandidate', description: 'A person the retention rule proposes for erasure' });

import { z } from 'zod';
import { MAILING_CONSENT_SOURCE } from '../choices.js';
import { field } from '../fields.js';
import { ZIdInput } from '../frontend/events.js';

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

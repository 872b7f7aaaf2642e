import { defineEntity, p, type EntitySchema, type InferEntity } from '@mikro-orm/core';
import { MAILING_CONSENT_SOURCE } from '@klub/contracts';
import { AdministrativeUnit } from './AdministrativeUnit.js';
import { Profile } from './Profile.js';

/**
 * The history of a person's consent to a unit's mailings (preference.send_mailing_lists): one
 * row per change, appended by the domain's mailing-consent module and never updated. `oldValue`
 * is null when the preference row was created by the change (joining the unit).
 */
const MailingConsentChangeSchema = defineEntity({
  name: 'MailingConsentChange',
  tableName: 'mailing_consent_change',
  indexes: [{ name: 'mailing_consent_change_profile_index', properties: ['profile', 'createdAt'] }],
  properties: {
    id: p.bigint('number').primary(),
    profile: () => p.manyToOne(Profile).ref().deleteRule('cascade'),
    administrativeUnit: () => p.manyToOne(AdministrativeUnit).ref().deleteRule('cascade'),
    oldValue: p.boolean().nullable(),
    newValue: p.boolean().nullable(),
    source: p.enum([...MAILING_CONSENT_SOURCE]),
    /** Who made it (staff, or the person themselves); null for sign-ups, imports and the CLI. */
    actor: () => p.manyToOne(Profile).ref().nullable().deleteRule('set null'),
    createdAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
  },
});

export interface MailingConsentChange extends InferEntity<typeof MailingConsentChangeSchema> {}
export const MailingConsentChange: EntitySchema<MailingConsentChange, never> = MailingConsentChangeSchema;

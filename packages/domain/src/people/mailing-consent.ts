import type { EntityManager } from '@mikro-orm/postgresql';
import { execute } from '../sql.js';

/**
 * A person's consent to a unit's mailings is `preference.send_mailing_lists` of their
 * (profile, unit) row. Stand-in until the data-protection work (consent history) lands with the
 * same export: this version only updates the preference. A person who is not a member of the
 * unit has no preference row: withdrawing is then a no-op (there is nothing to send them).
 */
export interface MailingConsentChange {
  profileId: number;
  unitId: number;
  consent: boolean;
  source: 'unsubscribe' | 'staff' | 'self' | 'signup' | 'import';
  actorId?: number | null;
}

export async function setMailingConsent(em: EntityManager, change: MailingConsentChange): Promise<void> {
  await execute(em, 'update preference set send_mailing_lists = ? where user_id = ? and administrative_unit_id = ?', [
    change.consent,
    change.profileId,
    change.unitId,
  ]);
}

import type { EntityManager } from '@mikro-orm/postgresql';
import { formatDateTime, type MailingConsentSource } from '@klub/contracts';
import { NotFound } from '../errors.js';
import { execute } from '../sql.js';
import { personNameSql } from './person-name-sql.js';
import { raw, sql, type Sql } from '../sql-fragment.js';

/**
 * A person's consent to a unit's mailings is `preference.send_mailing_lists` of their
 * (profile, unit) row; every change of it appends a row to `mailing_consent_change` (when, how,
 * who, old → new), so an organisation can show when and how consent was given or withdrawn.
 * Everything that changes the consent goes through this module: `setMailingConsent` for one
 * person (staff, the unsubscribe link), `consentRecordedCte` for the set-based statements that
 * create preference rows (sign-ups, joining a unit).
 */

export interface MailingConsentChange {
  profileId: number;
  unitId: number;
  consent: boolean;
  source: MailingConsentSource;
  /** Who made the change: staff, or the person themselves; null for sign-ups, imports, the CLI. */
  actorId?: number | null;
}

/**
 * Set the consent and record the change, in one statement (the caller's transaction when there
 * is one). Setting the value it already has records nothing. A person who is not a member of
 * the unit has no preference row: withdrawing is then a no-op (there is nothing to send them),
 * giving consent is a NotFound.
 */
export async function setMailingConsent(em: EntityManager, change: MailingConsentChange): Promise<void> {
  const { profileId, unitId, consent, source } = change;
  const rows = await execute<Array<{ changed: boolean }>>(
    em,
    `with before as (
       select id, send_mailing_lists as old from preference where user_id = ? and administrative_unit_id = ? for update
     ),
     changed as (
       update preference p set send_mailing_lists = ? from before b
        where p.id = b.id and b.old is distinct from ?
       returning b.old
     ),
     recorded as (
       insert into mailing_consent_change (profile_id, administrative_unit_id, old_value, new_value, source, actor_id)
       select ?, ?, old, ?, ?, ? from changed
     )
     select exists (select 1 from changed) as changed from before`,
    [profileId, unitId, consent, consent, profileId, unitId, consent, source, change.actorId ?? null],
  );
  if (rows.length === 0 && consent) throw new NotFound('The person is not a member of this administrative unit.');
}

/**
 * A CTE `consent_recorded` that records the consent of preference rows just created by the CTE
 * `preferences` (columns `user_id`, `administrative_unit_id`, `send_mailing_lists`): joining a
 * unit creates its preference with the column's default, which is the consent given then.
 */
export function consentRecordedCte(preferences: string, source: MailingConsentSource, actorId: number | null): Sql {
  return sql`consent_recorded as (
      insert into mailing_consent_change (profile_id, administrative_unit_id, old_value, new_value, source, actor_id)
      select n.user_id, n.administrative_unit_id, null, n.send_mailing_lists, ${source}, ${actorId}::int from ${raw(preferences)} n
    )`;
}

export interface MailingConsentHistoryRow {
  id: number;
  administrative_unit: number;
  administrative_unit_name: string;
  old_value: boolean | null;
  new_value: boolean | null;
  source: MailingConsentSource;
  actor: number | null;
  actor_name: string | null;
  created_at: string;
}

/** Every recorded change of the person's consents, oldest first. */
export async function mailingConsentHistory(em: EntityManager, profileId: number): Promise<MailingConsentHistoryRow[]> {
  const rows = await execute<Array<Omit<MailingConsentHistoryRow, 'created_at'> & { created_at: Date }>>(
    em,
    `select c.id::int as id, c.administrative_unit_id as administrative_unit, u.name as administrative_unit_name,
            c.old_value, c.new_value, c.source, c.actor_id as actor, case when a.id is null then null else ${personNameSql('a')} end as actor_name,
            c.created_at
       from mailing_consent_change c join administrative_unit u on u.id = c.administrative_unit_id
            left join profile a on a.id = c.actor_id
      where c.profile_id = ?
      order by c.created_at, c.id`,
    [profileId],
  );
  return rows.map((r) => ({ ...r, created_at: formatDateTime(new Date(r.created_at)) }));
}

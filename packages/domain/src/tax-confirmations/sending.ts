import type { EntityManager } from '@mikro-orm/postgresql';
import { emailTaxConfirmation } from '@klub/contracts';
import { execute } from '../sql.js';
import type { UnitYear } from './amounts.js';

/**
 * One `email.tax-confirmation` outbox row per generated confirmation of the unit and year that
 * is neither sent nor already queued, in one statement: the mark and the rows commit together,
 * so running it twice queues nobody twice. Consent does not apply: a confirmation is a service
 * message the donor needs for their tax return. Donors without an e-mail address are left out.
 */
export async function queueTaxConfirmationEmails(em: EntityManager, { administrativeUnitId, year }: UnitYear): Promise<number> {
  const [row] = await execute<Array<{ queued: number }>>(
    em,
    `with marked as (
       update tax_confirmation t set send_queued_at = now()
        where t.administrative_unit_id = ? and t.year = ? and t.file is not null and t.amount > 0
          and t.sent_at is null and t.send_queued_at is null
          and (exists (select 1 from profile p where p.id = t.profile_id and coalesce(p.email, '') <> '')
               or exists (select 1 from profile_email e where e.user_id = t.profile_id and e.is_primary))
       returning t.id
     ), queued as (
       insert into outbox_message (job_name, payload, created_at)
       select ?, jsonb_build_object('taxConfirmationId', m.id), now() from marked m
       returning 1
     )
     select count(*)::int as queued from queued`,
    [administrativeUnitId, year, emailTaxConfirmation.name],
  );
  return row?.queued ?? 0;
}

export interface TaxConfirmationEmail {
  file: string;
  year: number;
  to: string;
  from: string;
  unitName: string;
  lang: 'cs' | 'en';
  profileId: number;
}

/** What the e-mail of one confirmation needs; undefined when it has no file (withdrawn) or no address. */
export async function taxConfirmationEmail(em: EntityManager, id: number): Promise<TaxConfirmationEmail | undefined> {
  const [row] = await execute<Array<TaxConfirmationEmail & { to: string | null }>>(
    em,
    `select t.file, t.year, t.profile_id as "profileId",
            coalesce((select e.email from profile_email e where e.user_id = p.id and e.is_primary), nullif(p.email, '')) as "to",
            u.from_email_str as "from", u.name as "unitName", case when p.language = 'en' then 'en' else 'cs' end as lang
       from tax_confirmation t
       join profile p on p.id = t.profile_id
       join administrative_unit u on u.id = t.administrative_unit_id
      where t.id = ? and t.file is not null and t.amount > 0`,
    [id],
  );
  return row?.to ? row : undefined;
}

/** Records that the file `file` of confirmation `id` left (a newer file stays unsent). */
export async function markTaxConfirmationSent(em: EntityManager, id: number, file: string): Promise<void> {
  await execute(em, 'update tax_confirmation set sent_at = now() where id = ? and file = ?', [id, file]);
}

import type { EntityManager } from '@mikro-orm/postgresql';
import { formatDateTime } from '@klub/contracts';
import { personScopeSql, type StaffAccess } from '../admin/unit-scope.js';
import { personNameSql } from '../people/person-name-sql.js';
import { execute } from '../sql.js';

/**
 * The retention rule (issue 22): people with no payment, no interaction and no sign-in for
 * `years` years (and not created in that time) are candidates for erasure. The list is for
 * staff to review and confirm one by one; nothing here erases anything. Already erased people,
 * staff and superusers are left out, and unit staff see the people of their units only (issue
 * 17 §1, the rule of `canAdministerPerson`). One statement for the page and its count.
 */

export interface RetentionCandidate {
  id: number;
  kind: string;
  /** How staff recognise the person: a company's name, a person's first and last name, or the username. */
  name: string;
  email: string | null;
  /** The latest of the last payment, interaction, sign-in and creation, or null when none is known. */
  last_activity: string | null;
}

export async function retentionCandidates(
  em: EntityManager,
  years: number,
  window: { limit: number; offset: number },
  access: StaffAccess,
): Promise<[RetentionCandidate[], number]> {
  const scope = personScopeSql(access, 'p');
  const rows = await execute<Array<Omit<RetentionCandidate, 'last_activity'> & { last_activity: Date | null; total: string }>>(
    em,
    `with activity as (
       select p.id, p.kind,
              ${personNameSql('p')} as name,
              nullif(p.email, '') as email,
              greatest(p.last_login, p.date_joined, p.created,
                       (select max(y.date)::timestamptz from payment y join donor_payment_channel c on c.id = y.user_donor_payment_channel_id
                         where c.user_id = p.id),
                       (select max(coalesce(i.date_to, i.date_from, i.created)) from interaction i where i.user_id = p.id)) as last_activity
         from profile p
        where not p.is_staff and not p.is_superuser
          and not exists (select 1 from audit_log a where a.resource = 'profiles' and a.object_id = p.id::text and a.action = 'erase')
          ${scope ? `and ${scope}` : ''}
     )
     select id, kind, name, email, last_activity, count(*) over () as total
       from activity
      where last_activity is null or last_activity < now() - make_interval(years => ?)
      order by last_activity nulls first, id
      limit ? offset ?`,
    [years, window.limit, window.offset],
  );
  return [
    rows.map(({ total: _t, last_activity, ...r }) => ({ ...r, last_activity: last_activity ? formatDateTime(new Date(last_activity)) : null })),
    Number(rows[0]?.total ?? 0),
  ];
}

import type { EntityManager } from '@mikro-orm/postgresql';
import { emailSignupNotification, type Lang } from '@klub/contracts';
import { Interaction } from '@klub/db';
import { enqueueAll } from '../outbox.js';
import { execute } from '../sql.js';

interface Row {
  send_email: boolean | null;
  subject: string;
  summary: string;
  user_id: number;
  first_name: string;
  to: string | null;
  from: string;
  unit_id: number;
  unit_name: string;
  event_id: number | null;
  event_name: string | null;
}

/**
 * api.md §12.6: an interaction whose type has `send_email` is e-mailed to the person (a user's
 * primary address; a company's primary contact for the interaction's unit), subject = the
 * interaction's subject, body = its summary, sender = the unit's `from_email_str`. The job goes
 * into the caller's transaction; the worker marks the interaction dispatched once sent. Without
 * an address nothing is queued and the interaction stays undispatched. Returns whether queued.
 */
export async function enqueueInteractionEmail(em: EntityManager, interactionId: number, lang: Lang): Promise<boolean> {
  const [row] = await execute<Row[]>(
    em,
    `select t.send_email, i.subject, i.summary, i.user_id, p.first_name,
            case when p.kind = 'company'
                 then (select c.email from company_contact c
                        where c.company_id = p.id and c.administrative_unit_id = i.administrative_unit_id and c.is_primary
                        limit 1)
                 else p.email end as "to",
            u.from_email_str as "from", u.id as unit_id, u.name as unit_name, e.id as event_id, e.name as event_name
       from interaction i
       join interaction_type t on t.id = i.type_id
       join profile p on p.id = i.user_id
       join administrative_unit u on u.id = i.administrative_unit_id
       left join event e on e.id = i.event_id
      where i.id = ?`,
    [interactionId],
  );
  if (!row?.send_email || !row.to) return false;
  const payload = {
    kind: 'interaction' as const,
    profileId: row.user_id,
    email: row.to,
    from: row.from,
    firstName: row.first_name,
    administrativeUnitId: row.unit_id,
    unitName: row.unit_name,
    eventId: row.event_id,
    eventName: row.event_name,
    interactionId,
    lang,
    subject: row.subject,
    body: row.summary,
  };
  // An address the job schema refuses (Django accepts a few odd forms) cannot be delivered.
  if (!emailSignupNotification.payload.safeParse(payload).success) return false;
  await enqueueAll(em, emailSignupNotification, [payload]);
  return true;
}

/** The interaction's e-mail went out (api.md §12.6). */
export async function markInteractionDispatched(em: EntityManager, interactionId: number): Promise<void> {
  await em.nativeUpdate(Interaction, { id: interactionId }, { dispatched: true });
}

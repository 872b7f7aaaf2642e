import type { EntityManager } from '@mikro-orm/postgresql';
import { execute } from '../sql.js';

export interface EventStatistics {
  users_paid: number;
  total_amount: number | null;
  registered_users_count_by_interaction_type: number;
}

/**
 * The three computed keys of `GET /api/event/{id}/` (api.md §5.2) in one statement.
 * `users_paid` counts every channel owner, paid or not (the name is historical); the total is
 * summed from the payments themselves rather than the cached `payment_total` column.
 * A missing or non-integer `interaction_type_id` counts 0 (D14).
 */
export async function eventStatistics(
  em: EntityManager,
  eventId: number,
  interactionTypeId: string | undefined,
): Promise<EventStatistics> {
  const typeId = interactionTypeId !== undefined && /^\d{1,9}$/.test(interactionTypeId.trim()) ? Number(interactionTypeId) : null;
  const [row] = await execute<
    Array<{ users_paid: string; channels: string; total: string | null; registered: string }>
  >(em, 
    `select
       (select count(distinct c.user_id) from donor_payment_channel c where c.event_id = ?) as users_paid,
       (select count(*) from donor_payment_channel c where c.event_id = ?) as channels,
       (select sum(p.amount) from payment p join donor_payment_channel c on c.id = p.user_donor_payment_channel_id
         where c.event_id = ?) as total,
       (select count(distinct i.user_id) from interaction i where i.event_id = ? and i.type_id = ?) as registered`,
    [eventId, eventId, eventId, eventId, typeId],
  );
  const channels = Number(row?.channels ?? 0);
  return {
    users_paid: Number(row?.users_paid ?? 0),
    total_amount: channels === 0 ? null : Number(row?.total ?? 0),
    registered_users_count_by_interaction_type: typeId === null ? 0 : Number(row?.registered ?? 0),
  };
}

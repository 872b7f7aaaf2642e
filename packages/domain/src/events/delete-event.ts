import type { EntityManager } from '@mikro-orm/postgresql';
import { execute } from '../sql.js';

/**
 * `DELETE /api/frontend/organized_events/{id}/` (api.md §7.4): the event goes with its
 * organization team, its donor payment channels and their payments, and the Darujme accounts
 * bound to it (with their channels); interactions stay, with `event = null` (domain.md §4).
 * The foreign keys refuse to drop payments silently, so they are deleted here, explicitly.
 */
export async function deleteEvent(em: EntityManager, eventId: number): Promise<void> {
  await em.transactional(async (tx) => {
    const channels = `select c.id from donor_payment_channel c
       where c.event_id = ? or c.money_account_id in (select a.id from money_account a where a.event_id = ?)`;
    await execute(tx, `delete from payment where user_donor_payment_channel_id in (${channels})`, [eventId, eventId]);
    await execute(tx, `delete from donor_payment_channel where id in (${channels})`, [eventId, eventId]);
    await execute(tx, 'delete from event where id = ?', [eventId]);
  });
}

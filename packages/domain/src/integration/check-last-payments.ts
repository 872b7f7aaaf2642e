import type { EntityManager } from '@mikro-orm/postgresql';
import { PEOPLE_MSG, type TCheckLastPaymentsInput, type TPaymentMatch } from '@klub/contracts';
import { NotFound } from '../errors.js';
import { addDays } from '../payments/calendar.js';
import { execute } from '../sql.js';
import { donationTargets } from './userprofile-vs.js';

/**
 * `POST /api/check_last_payments/` (api.md §9.5, jobs.md §5.4): the bank transfers of the
 * event's channel with this VS (the given money account's channel first, then the lowest id,
 * D32) of exactly `amount`, dated from `date` to 14 days later, oldest first.
 */
export async function checkLastPayments(em: EntityManager, input: TCheckLastPaymentsInput): Promise<TPaymentMatch[]> {
  const { account, event } = await donationTargets(em, input);
  const [channel] = await execute<Array<{ id: number; userId: number }>>(
    em,
    `select id, user_id as "userId" from donor_payment_channel where event_id = ? and vs = ?
      order by (money_account_id = ?) desc, id limit 1`,
    [event.id, input.VS, account.id],
  );
  if (!channel) throw new NotFound(PEOPLE_MSG.channelNotFound);
  const rows = await execute<Array<{ amount: number; date: string; operation_id: string | null }>>(
    em,
    `select amount, to_char(date, 'YYYY-MM-DD') as date, operation_id from payment
      where user_donor_payment_channel_id = ? and amount = ? and type = 'bank-transfer' and date between ? and ?
      order by date, id`,
    [channel.id, input.amount, input.date, addDays(input.date, 14)],
  );
  if (rows.length === 0) throw new NotFound(PEOPLE_MSG.noPaymentInWindow);
  return rows.map((r) => ({ ...r, profile_id: channel.userId }));
}

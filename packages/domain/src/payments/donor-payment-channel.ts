import type { EntityManager } from '@mikro-orm/postgresql';
import type { RegularFrequency, RegularPayments } from '@klub/contracts';
import { execute } from '../sql.js';
import { generateVariableSymbol } from './variable-symbol.js';

export interface NewDonorPaymentChannel {
  userId: number;
  moneyAccountId: number;
  /** The money account's administrative unit: the scope of the VS. */
  unitId: number;
  eventId: number;
  /** The event's `variable_symbol_prefix`. */
  vsPrefix: number | null;
  regularAmount: number | null;
  regularFrequency: RegularFrequency | null;
  regularPayments: RegularPayments;
  /** `YYYY-MM-DD`. */
  expectedDateOfFirstPayment: string | null;
}

export interface ChannelRef {
  id: number;
  vs: string;
  created: boolean;
}

/**
 * Insert a donor payment channel with a newly generated VS (domain.md §3.3.1). Runs inside the
 * caller's transaction, which holds the unit's VS lock until it commits, so concurrent
 * registrations never get the same VS.
 */
export async function createDonorPaymentChannel(em: EntityManager, c: NewDonorPaymentChannel): Promise<ChannelRef> {
  const vs = await generateVariableSymbol(em, c.unitId, c.vsPrefix);
  const [row] = await execute<Array<{ id: number }>>(
    em,
    `insert into donor_payment_channel
       (vs, user_id, registered_support, regular_frequency, expected_date_of_first_payment, regular_amount,
        regular_payments, money_account_id, administrative_unit_id, event_id)
     values (?, ?, now(), ?, ?, ?, ?, ?, ?, ?) returning id`,
    [vs, c.userId, c.regularFrequency, c.expectedDateOfFirstPayment, c.regularAmount, c.regularPayments, c.moneyAccountId, c.unitId, c.eventId],
  );
  return { id: row!.id, vs, created: true };
}

/**
 * The channel of `(event, profile)` (a profile has at most one per event), or a new one. An
 * existing channel is returned unchanged (api.md §9.3 step 3). Serialised per profile.
 */
export async function getOrCreateDonorPaymentChannel(em: EntityManager, c: NewDonorPaymentChannel): Promise<ChannelRef> {
  await execute(em, `select pg_advisory_xact_lock(hashtext('klub.dpch'), ?)`, [c.userId]);
  const [existing] = await execute<Array<{ id: number; vs: string }>>(
    em,
    'select id, vs from donor_payment_channel where user_id = ? and event_id = ?',
    [c.userId, c.eventId],
  );
  if (existing) return { ...existing, created: false };
  return createDonorPaymentChannel(em, c);
}

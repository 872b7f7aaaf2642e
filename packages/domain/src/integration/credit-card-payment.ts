import type { EntityManager } from '@mikro-orm/postgresql';
import { PEOPLE_MSG, type TCreditCardPaymentInput } from '@klub/contracts';
import { NotFound } from '../errors.js';
import { execute } from '../sql.js';
import { FieldErrorBag, requireEventBySlug, requireMoneyAccount } from './references.js';

/**
 * `POST /api/create_credit_card_payment/` (api.md §9.7): the donor is the owner of the first
 * profile e-mail (`user`) or company contact (`company`) with that address; the payment, of
 * type `creadit_card` (sic), goes on their channel for the event.
 */
export async function createCreditCardPayment(em: EntityManager, input: TCreditCardPaymentInput): Promise<{ profile_id: number }> {
  return em.transactional(async (tx) => {
    const bag = new FieldErrorBag();
    const event = await requireEventBySlug(tx, bag, 'event', input.event);
    const account = await requireMoneyAccount(tx, bag, 'recipient_account', input.recipient_account);
    bag.throwIfAny();

    const [owner] = await execute<Array<{ id: number }>>(
      tx,
      input.profile_type === 'user'
        ? 'select user_id as id from profile_email where lower(email) = ? and user_id is not null order by id limit 1'
        : 'select company_id as id from company_contact where lower(email) = ? and company_id is not null order by id limit 1',
      [input.email],
    );
    if (!owner) throw new NotFound(PEOPLE_MSG.emailDoesNotExist);
    const [channel] = await execute<Array<{ id: number }>>(tx, 'select id from donor_payment_channel where user_id = ? and event_id = ?', [
      owner.id,
      event!.id,
    ]);
    if (!channel) throw new NotFound(PEOPLE_MSG.channelNotFound);

    await execute(
      tx,
      `insert into payment
         (date, amount, account, bank_code, vs, vs2, ss, ks, bic, user_identification, type, done_by, account_name, bank_name,
          transfer_type, specification, order_id, user_donor_payment_channel_id, recipient_account_id, created, updated)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'creadit_card', ?, ?, ?, ?, ?, ?, ?, ?, now(), now())`,
      [
        input.date,
        input.amount,
        input.account ?? '',
        input.bank_code ?? '',
        input.VS ?? null,
        input.VS2 ?? null,
        input.SS ?? '',
        input.KS ?? '',
        input.BIC ?? null,
        input.user_identification ?? '',
        input.done_by ?? '',
        input.account_name ?? '',
        input.bank_name ?? '',
        input.transfer_type ?? null,
        input.specification ?? null,
        input.order_id ?? null,
        channel.id,
        account!.id,
      ],
    );
    return { profile_id: owner.id };
  });
}

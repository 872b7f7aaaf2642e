import { z } from 'zod';
import { PROFILE_KIND } from '../choices.js';
import { field } from '../fields.js';
import { MAX_INT, ref } from '../signups/person-fields.js';

const text = (maxLength: number, description: string) => field.string({ allowBlank: true, maxLength, description }).optional();
const nullableText = (maxLength: number, description: string) => text(maxLength, description).nullable();

/** `POST /api/create_credit_card_payment/` (api.md §9.7). */
export const ZCreditCardPaymentInput = z.object({
  profile_type: field.choice(PROFILE_KIND, { description: '`user` (found by profile e-mail) or `company` (found by contact e-mail)' }),
  email: field.email({ lowercase: true, description: 'E-mail address of the donor' }),
  event: ref('Slug of the event of the donor payment channel'),
  recipient_account: ref('Slug of the money account that received the payment'),
  date: field.date({ description: 'Payment date' }),
  amount: field.integer({ min: 0, max: MAX_INT, description: 'Amount, whole CZK' }),
  account: text(100, 'Sender account number'),
  bank_code: text(30, 'Sender bank code'),
  VS: nullableText(30, 'Variable symbol'),
  VS2: nullableText(30, 'Second variable symbol'),
  SS: text(30, 'Specific symbol'),
  KS: text(30, 'Constant symbol'),
  BIC: nullableText(30, 'BIC'),
  user_identification: text(50, 'Sender identification'),
  done_by: text(500, 'Done by'),
  account_name: text(200, 'Sender account name'),
  bank_name: text(500, 'Sender bank name'),
  transfer_type: nullableText(200, 'Transfer type'),
  specification: nullableText(200, 'Specification'),
  order_id: nullableText(200, 'Order id'),
});
export type TCreditCardPaymentInput = z.output<typeof ZCreditCardPaymentInput>;

export const ZProfileIdOutput = z.object({ profile_id: z.number().int().describe('Id of the donor profile') }).meta({ id: 'ProfileId' });

import { a, defineAdminResource } from './define.js';
import { PAYMENT_TYPE } from '../choices.js';
import { z } from 'zod';

/** `/api/admin/payments/` (domain.md §3.4). */
export const adminPayments = defineAdminResource(
  'payments',
  'Payment',
  {
    id: a.id(),
    date: a.date('Date of payment'),
    amount: a.integer('Amount, whole CZK', { min: 0 }),
    type: a.choice(PAYMENT_TYPE, 'Type', { blank: true }),
    user_donor_payment_channel: a.fk('Donor payment channel id; null = unpaired', { nullable: true }),
    recipient_account: a.fk('Id of the money account that received it', { nullable: true }),
    account_statement: a.fk('Id of the statement it was imported from', { nullable: true }),
    our_note: a.text('Staff note', { max: 100, blank: true }),
    account: a.text("Sender's account number (without bank code)", { max: 100, blank: true }),
    bank_code: a.text("Sender's bank code", { max: 30, blank: true }),
    VS: a.text('Variable symbol', { max: 30, blank: true, nullable: true }),
    VS2: a.text('Second variable symbol', { max: 30, blank: true, nullable: true }),
    SS: a.text('Specific symbol', { max: 30, blank: true }),
    KS: a.text('Constant symbol', { max: 30, blank: true }),
    BIC: a.text('BIC', { max: 30, blank: true, nullable: true }),
    user_identification: a.text('Sender identification', { max: 50, blank: true }),
    done_by: a.text('Done by', { max: 500, blank: true }),
    account_name: a.text('Sender name', { max: 200, blank: true }),
    bank_name: a.text('Bank name', { max: 500, blank: true }),
    transfer_note: a.text('Transfer note', { max: 200, blank: true, nullable: true }),
    currency: a.text('Currency', { max: 200, blank: true, nullable: true }),
    recipient_message: a.text('Message for the recipient', { max: 200, blank: true, nullable: true }),
    operation_id: a.text('Bank or Darujme transaction id', { max: 200, blank: true, nullable: true }),
    transfer_type: a.text('Transfer type', { max: 200, blank: true, nullable: true }),
    specification: a.text('Specification', { max: 200, blank: true, nullable: true }),
    order_id: a.text('Order id', { max: 200, blank: true, nullable: true }),
    custom_fields: a.json('Darujme custom fields'),
    created: a.readOnly(z.string().nullable().describe('Created (read-only)'), 'datetime'),
    updated: a.readOnly(z.string().nullable().describe('Last change (read-only)'), 'datetime'),
  },
  {
    filters: { user_donor_payment_channel: 'pk', recipient_account: 'pk', account_statement: 'pk', type: 'text' },
    ordering: ['id', 'date', 'amount'],
    search: 'VS, SS, sender name, operation id, sender identification',
  },
);

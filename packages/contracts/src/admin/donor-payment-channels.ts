import { z } from 'zod';
import { a, defineAdminResource } from './define.js';
import { REGULAR_FREQUENCY, REGULAR_PAYMENTS } from '../choices.js';

/** `/api/admin/donor-payment-channels/` (domain.md §3.3): VS generated when blank. */
export const adminDonorPaymentChannels = defineAdminResource(
  'donor-payment-channels',
  'DonorPaymentChannel',
  {
    id: a.id(),
    VS: a.text('Variable symbol; generated (unique in the unit) when left blank', { max: 30, blank: true }),
    SS: a.text('Specific symbol', { max: 30, blank: true, nullable: true }),
    user: a.fk('Profile id of the donor'),
    event: a.fk('Event id'),
    money_account: a.fk('Money account id'),
    administrative_unit: a.readOnly(z.number().int().describe("The money account's unit (read-only)"), 'fk'),
    user_bank_account: a.fk("Id of the donor's own bank account", { nullable: true }),
    registered_support: a.datetime('When the support was registered (default now)', { optional: true }),
    regular_frequency: a.choice(REGULAR_FREQUENCY, 'Frequency', { nullable: true }),
    expected_date_of_first_payment: a.date('Expected date of the first payment', { nullable: true }),
    regular_amount: a.integer('Amount per period, whole CZK', { nullable: true, min: 0 }),
    exceptional_membership: a.boolean('Member without paying'),
    regular_payments: a.choice(REGULAR_PAYMENTS, 'Regularity (default regular)', { optional: true }),
    old_account: a.boolean('Old account'),
    other_support: a.text('Other support', { max: 500, blank: true }),
    end_of_regular_payments: a.date('End of regular payments (card payments)', { nullable: true }),
    number_of_payments: a.readOnly(z.number().int().nullable().describe('Cached number of payments (read-only)')),
    last_payment: a.readOnly(z.number().int().nullable().describe('Cached id of the latest payment (read-only)'), 'fk'),
    expected_regular_payment_date: a.readOnly(z.string().nullable().describe('Cached expected date of the next payment (read-only)'), 'date'),
    payment_total: a.readOnly(z.number().nullable().describe('Cached sum of payments (read-only)')),
    extra_money: a.readOnly(z.number().int().nullable().describe('Cached extra money (read-only)')),
    no_upgrade: a.readOnly(z.boolean().nullable().describe('Cached "did not raise the amount for a year" (read-only)')),
    is_late: a.readOnly(z.boolean().nullable().describe('Late with payments, per the nightly check (read-only)')),
  },
  {
    filters: {
      user: 'pk',
      event: 'pk',
      money_account: 'pk',
      administrative_unit: 'pk',
      is_late: 'boolean',
      regular_frequency: 'text',
      regular_amount_min: 'min',
      regular_amount_max: 'max',
    },
    ordering: ['id', 'VS', 'registered_support', 'regular_amount'],
    search: "VS, SS, the donor's e-mail and last name",
  },
);

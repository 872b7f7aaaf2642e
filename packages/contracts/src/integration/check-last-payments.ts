import { z } from 'zod';
import { field } from '../fields.js';
import { MAX_INT, ref } from '../signups/person-fields.js';

/** `POST /api/check_last_payments/` (api.md §9.5). */
export const ZCheckLastPaymentsInput = z.object({
  event: ref('Slug of the event'),
  money_account: ref('Slug of a money account (validated; preferred when several channels match)'),
  VS: field.string({ maxLength: 30, description: 'Variable symbol of the donor payment channel (D32: required)' }),
  amount: field.integer({ min: -MAX_INT, max: MAX_INT, description: 'Amount of the payments looked for, whole CZK' }),
  date: field.date({ description: 'Date the donor registered; payments from then to 14 days later count' }),
});
export type TCheckLastPaymentsInput = z.output<typeof ZCheckLastPaymentsInput>;

/** `PaymentMatch` (api.md §4.11). */
export const ZPaymentMatch = z
  .object({
    amount: z.number().int().describe('Amount, whole CZK'),
    date: z.string().describe('Payment date (YYYY-MM-DD)'),
    operation_id: z.string().nullable().describe('Bank transaction id'),
    profile_id: z.number().int().describe('Id of the profile that owns the donor payment channel'),
  })
  .meta({ id: 'PaymentMatch' });
export type TPaymentMatch = z.infer<typeof ZPaymentMatch>;

import { defineEntity, p, type EntitySchema, type InferEntity } from '@mikro-orm/core';
import { PAYMENT_TYPE_STORED } from '@klub/contracts';
import { AccountStatement } from './AccountStatement.js';
import { DonorPaymentChannel } from './DonorPaymentChannel.js';
import { MoneyAccount } from './MoneyAccount.js';

const PaymentSchema = defineEntity({
  name: 'Payment',
  tableName: 'payment',
  checks: [{ name: 'payment_amount_check', expression: 'amount >= 0' }],
  indexes: [
    { properties: ['userDonorPaymentChannel', 'date'] },
    // Darujme de-duplication looks Darujme payments up by (SS, operation id). Partial, so the bank
    // lines (nearly every payment, imported by the hundred thousand) do not maintain it.
    {
      name: 'payment_darujme_ss_operation_id_index',
      expression: `create index "payment_darujme_ss_operation_id_index" on "payment" ("ss", "operation_id") where type = 'darujme'`,
    },
    { properties: ['date'] },
  ],
  properties: {
    id: p.integer().primary(),
    ourNote: p.string().length(100).default(''),
    recipientAccount: () => p.manyToOne(MoneyAccount).ref().nullable().deleteRule('set null'),
    /** Calendar date `YYYY-MM-DD`. */
    date: p.date(),
    /** Whole CZK. */
    amount: p.integer(),
    account: p.string().length(100).default(''),
    bankCode: p.string().length(30).default(''),
    vs: p.string().length(30).nullable(),
    vs2: p.string().length(30).nullable(),
    ss: p.string().length(30).default(''),
    ks: p.string().length(30).default(''),
    bic: p.string().length(30).nullable(),
    userIdentification: p.string().length(50).default(''),
    type: p.enum([...PAYMENT_TYPE_STORED]).default(''),
    doneBy: p.string().length(500).default(''),
    accountName: p.string().length(200).default(''),
    bankName: p.string().length(500).default(''),
    transferNote: p.string().length(200).nullable(),
    currency: p.string().length(200).nullable(),
    recipientMessage: p.string().length(200).nullable(),
    operationId: p.string().length(200).nullable(),
    transferType: p.string().length(200).nullable(),
    specification: p.string().length(200).nullable(),
    orderId: p.string().length(200).nullable(),
    /** NULL = unpaired. RESTRICT: a channel with payments cannot be deleted. */
    userDonorPaymentChannel: () => p.manyToOne(DonorPaymentChannel).ref().nullable().deleteRule('no action'),
    accountStatement: () => p.manyToOne(AccountStatement).ref().nullable().deleteRule('cascade').index(),
    created: p
      .datetime()
      .nullable()
      .onCreate(() => new Date()),
    updated: p
      .datetime()
      .nullable()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
    customFields: p
      .json<Record<string, unknown>>()
      .defaultRaw(`'{}'`)
      .onCreate(() => ({})),
    /** Hash of a bank line's normalised content (jobs.md §6.1): a re-import books no line twice. */
    lineKey: p.string().length(64).nullable().unique(),
  },
});

export interface Payment extends InferEntity<typeof PaymentSchema> {}
export const Payment: EntitySchema<Payment, never> = PaymentSchema;

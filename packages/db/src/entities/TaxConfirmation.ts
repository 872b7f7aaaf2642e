import { defineEntity, p, type EntitySchema, type InferEntity } from '@mikro-orm/core';
import { AdministrativeUnit } from './AdministrativeUnit.js';
import { Profile } from './Profile.js';

/**
 * One donor's yearly confirmation of gifts to one unit (jobs.md §3 T2, issue 20). `amount` and
 * `paymentIds` are written by the domain's one set-based statement; `dataHash` is the hash of
 * everything the PDF shows except its issue date, so regenerating a year renders only the
 * confirmations whose amount or donor data changed. The earlier files stay in
 * `tax_confirmation_file`.
 */
const TaxConfirmationSchema = defineEntity({
  name: 'TaxConfirmation',
  tableName: 'tax_confirmation',
  uniques: [{ properties: ['profile', 'administrativeUnit', 'year'] }],
  indexes: [{ properties: ['administrativeUnit', 'year'] }],
  checks: [{ name: 'tax_confirmation_amount_check', expression: 'amount >= 0' }],
  properties: {
    id: p.integer().primary(),
    // A person with confirmations is not deleted by accident (tax records).
    profile: () => p.manyToOne(Profile).ref().deleteRule('no action'),
    administrativeUnit: () => p.manyToOne(AdministrativeUnit).ref().deleteRule('no action'),
    year: p.integer(),
    /** Whole CZK; 0 once no counted payment is left (then there is no file to give out). */
    amount: p.integer(),
    /** The payments summed, in id order. */
    paymentIds: p
      .array<number>(
        (i) => Number(i),
        (i) => String(i),
      )
      .columnType('int[]')
      .default([]),
    /** Storage key of the current PDF; NULL until generated. */
    file: p.string().length(100).nullable(),
    dataHash: p.string().length(64).nullable(),
    /** The amount the current file states (`amount` may have moved on since). */
    generatedAmount: p.integer().nullable(),
    generatedAt: p.datetime().nullable(),
    /** When its e-mail was queued and when it left; both cleared when a new file replaces it. */
    sendQueuedAt: p.datetime().nullable(),
    sentAt: p.datetime().nullable(),
    created: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
  },
});

export interface TaxConfirmation extends InferEntity<typeof TaxConfirmationSchema> {}
export const TaxConfirmation: EntitySchema<TaxConfirmation, never> = TaxConfirmationSchema;

import { defineEntity, p, type EntitySchema, type InferEntity } from '@mikro-orm/core';
import { ACCOUNT_STATEMENT_STATUS, ACCOUNT_STATEMENT_TYPE } from '@klub/contracts';
import { AdministrativeUnit } from './AdministrativeUnit.js';
import { Payment } from './Payment.js';

export type AccountStatementError = { line?: number; message: string };

/** One imported bank statement or Darujme batch, with the import job's progress (operations.md §3). */
const AccountStatementSchema = defineEntity({
  name: 'AccountStatement',
  tableName: 'account_statement',
  checks: [{ name: 'account_statement_progress_check', expression: 'progress >= 0 and progress <= 100' }],
  properties: {
    id: p.integer().primary(),
    type: p.enum([...ACCOUNT_STATEMENT_TYPE]),
    importDate: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
    csvFile: p.string().length(100).default(''),
    dateFrom: p.date().nullable(),
    dateTo: p.date().nullable(),
    pairLog: p.text().default(''),
    // The original cascades, which would delete the statement's payments with the unit.
    administrativeUnit: () => p.manyToOne(AdministrativeUnit).ref().nullable().deleteRule('no action'),
    status: p.enum([...ACCOUNT_STATEMENT_STATUS]).default('queued'),
    progress: p.integer().default(0),
    paymentsTotal: p.integer().default(0),
    paymentsPaired: p.integer().default(0),
    errors: p
      .json<AccountStatementError[]>()
      .defaultRaw(`'[]'`)
      .onCreate(() => []),

    payments: () => p.oneToMany(Payment).mappedBy('accountStatement'),
  },
});

export interface AccountStatement extends InferEntity<typeof AccountStatementSchema> {}
export const AccountStatement: EntitySchema<AccountStatement, never> = AccountStatementSchema;

import { defineEntity, p, type EntitySchema, type InferEntity } from '@mikro-orm/core';
import { MONEY_ACCOUNT_KIND } from '@klub/contracts';
import { AdministrativeUnit } from './AdministrativeUnit.js';
import { Event } from './Event.js';

/**
 * Bank accounts and Darujme.cz projects in one table (domain.md §3.1); the columns of the other
 * kind stay NULL, and a CHECK keeps each kind's required columns filled.
 */
const MoneyAccountSchema = defineEntity({
  name: 'MoneyAccount',
  tableName: 'money_account',
  checks: [
    { name: 'money_account_bank_columns_check', expression: "kind <> 'bank' or bank_account_number is not null" },
    {
      name: 'money_account_api_columns_check',
      expression: "kind <> 'api' or (project_name is not null and event_id is not null)",
    },
  ],
  properties: {
    id: p.integer().primary(),
    kind: p.enum([...MONEY_ACCOUNT_KIND]),
    note: p.text().nullable(),
    // Payments and donor channels hang off money accounts: deleting a unit must not take them along.
    administrativeUnit: () => p.manyToOne(AdministrativeUnit).ref().deleteRule('no action'),
    /** Never generated; only accounts with a slug are addressable through the API. */
    slug: p.string().length(100).nullable().unique(),

    // bank
    bankAccount: p.string().length(50).nullable(),
    bankAccountNumber: p.string().length(50).nullable(),

    // api (Darujme.cz)
    projectName: p.string().length(100).nullable().unique(),
    projectId: p.integer().nullable(),
    apiId: p.integer().nullable(),
    apiSecret: p.string().length(100).nullable(),
    apiOrganizationId: p.integer().nullable(),
    event: () => p.manyToOne(Event).ref().nullable().deleteRule('cascade'),
    isActive: p.boolean().default(true),
  },
});

export interface MoneyAccount extends InferEntity<typeof MoneyAccountSchema> {}
export const MoneyAccount: EntitySchema<MoneyAccount, never> = MoneyAccountSchema;

import { defineEntity, p, type EntitySchema, type InferEntity } from '@mikro-orm/core';

/** A donor's own account; `bank_account_number` ("<account>/<bank code>") is the first pairing key. */
const UserBankAccountSchema = defineEntity({
  name: 'UserBankAccount',
  tableName: 'user_bank_account',
  properties: {
    id: p.integer().primary(),
    bankAccount: p.string().length(50).nullable(),
    bankAccountNumber: p.string().length(50).index(),
    note: p.text().nullable(),
  },
});

export interface UserBankAccount extends InferEntity<typeof UserBankAccountSchema> {}
export const UserBankAccount: EntitySchema<UserBankAccount, never> = UserBankAccountSchema;

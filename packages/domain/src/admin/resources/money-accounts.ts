import { adminMoneyAccounts } from '@klub/contracts';
import { MoneyAccount } from '@klub/db';
import { MSG } from '@klub/contracts';
import { ValidationError } from '../../errors.js';
import { defineAdminEntity } from '../resource.js';
import { reach } from '../unit-scope.js';

const KIND_REQUIRES: Readonly<Record<string, readonly string[]>> = {
  bank: ['bank_account_number'],
  api: ['project_name', 'event'],
};
const PROP: Readonly<Record<string, string>> = { bank_account_number: 'bankAccountNumber', project_name: 'projectName', event: 'event' };

/** Bank accounts and Darujme projects in one table: each kind needs its own columns (domain.md §3.1). */
export const moneyAccountsAdmin = defineAdminEntity({
  schemas: adminMoneyAccounts,
  entity: MoneyAccount,
  label: 'money account',
  units: reach.column('administrative_unit_id'),
  search: ['slug', 'bankAccountNumber', 'bankAccount', 'projectName', 'note'],
  validate: ({ input, entity }) => {
    const kind = (input.kind ?? entity?.kind) as string;
    const errors: Record<string, string[]> = {};
    for (const wire of KIND_REQUIRES[kind] ?? []) {
      const value = wire in input ? input[wire] : entity?.[PROP[wire]!];
      if (value === null || value === undefined || value === '') errors[wire] = [MSG.required];
    }
    if (Object.keys(errors).length) throw new ValidationError(errors);
  },
});

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AccountStatementType } from '@klub/contracts';
import { AccountStatement } from '@klub/db';
import { makeDonorPaymentChannel, makeMoneyAccount, makeUnit } from '@klub/db/testing';

export function fixture(name: string): Buffer {
  return readFileSync(fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url)));
}

/**
 * jobs.md §9: a unit, its bank account `bankAccountNumber`, a donor channel with VS 120127010
 * (paid to another account of the unit), and `newStatement()`, which creates a statement of
 * `type` in the unit and returns its id.
 */
export async function statementSetup(em: EntityManager, bankAccountNumber: string, type: AccountStatementType) {
  const unit = await makeUnit(em);
  const account = await makeMoneyAccount(em, { administrativeUnit: unit, bankAccountNumber });
  const channel = await makeDonorPaymentChannel(em, {
    vs: '120127010',
    moneyAccount: await makeMoneyAccount(em, { administrativeUnit: unit }),
  });
  const newStatement = async () => {
    const st = em.create(AccountStatement, { type, administrativeUnit: unit });
    await em.flush();
    return st.id;
  };
  return { unit, account, channel, newStatement };
}

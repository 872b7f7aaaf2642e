import { describe, expect, it } from 'vitest';
import { AdministrativeUnit } from '@klub/db';
import { makeDonorPaymentChannel, makeEvent, makeMoneyAccount, makeProfile, makeUnit } from '@klub/db/testing';
import { generateVariableSymbol } from '../src/payments/variable-symbol.js';
import { useTestDatabase } from './db.js';

describe('generateVariableSymbol (domain.md §3.3.1)', () => {
  const db = useTestDatabase();

  async function channelWithVs(unitId: number, vs: string) {
    const em = db.orm().em.fork();
    const account = await makeMoneyAccount(em, { administrativeUnit: em.getReference(AdministrativeUnit, unitId) });
    await makeDonorPaymentChannel(em, { vs, user: await makeProfile(em), moneyAccount: account, event: await makeEvent(em) });
  }

  const next = (unitId: number, prefix: number | null) =>
    db.orm().em.fork().transactional((tx) => generateVariableSymbol(tx, unitId, prefix));

  it('starts a unit at 0000000001 and continues from its highest zero-led VS', async () => {
    const unit = await makeUnit(db.orm().em.fork());
    expect(await next(unit.id, null)).toBe('0000000001');
    await channelWithVs(unit.id, '0000000041');
    await channelWithVs(unit.id, '0000000007');
    await channelWithVs(unit.id, '5550000099');
    expect(await next(unit.id, null)).toBe('0000000042');
  });

  it('counts only the VS of the same unit', async () => {
    const [a, b] = [await makeUnit(db.orm().em.fork()), await makeUnit(db.orm().em.fork())];
    await channelWithVs(a.id, '0000000100');
    expect(await next(b.id, null)).toBe('0000000001');
  });

  it('uses a 5-digit prefix and re-uses the lowest gap after an existing VS', async () => {
    const unit = await makeUnit(db.orm().em.fork());
    expect(await next(unit.id, 12345)).toBe('1234500001');
    await channelWithVs(unit.id, '1234500001');
    await channelWithVs(unit.id, '1234500002');
    await channelWithVs(unit.id, '1234500005');
    expect(await next(unit.id, 12345)).toBe('1234500003');
  });

  it('refuses to run outside a transaction, where its lock would not hold', async () => {
    const unit = await makeUnit(db.orm().em.fork());
    await expect(generateVariableSymbol(db.orm().em.fork(), unit.id, null)).rejects.toThrow('inside a transaction');
  });
});

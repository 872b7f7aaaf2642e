import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { TaxConfirmationDocument } from '@klub/contracts';
import type { AdministrativeUnit, MoneyAccount, Profile } from '@klub/db';
import { makeDonorPaymentChannel, makeMoneyAccount, makePayment, makeProfile, makeUnit } from '@klub/db/testing';
import { LocalFileStorage } from '@klub/storage';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { computeTaxConfirmationAmounts, generateTaxConfirmations } from '../../src/index.js';
import { execute } from '../../src/sql.js';
import { useTestDatabase } from '../db.js';

const db = useTestDatabase();

interface Row {
  profile_id: number;
  amount: number;
  payment_ids: number[];
}

async function confirmations(em: EntityManager, unit: AdministrativeUnit, year = 2026): Promise<Row[]> {
  return execute<Row[]>(
    em,
    'select profile_id, amount, payment_ids from tax_confirmation where administrative_unit_id = ? and year = ? order by profile_id',
    [unit.id, year],
  );
}

describe('tax confirmation amounts (jobs.md §3 T2, issue 20)', () => {
  let em: EntityManager;
  let unit: AdministrativeUnit;
  let account: MoneyAccount;
  let otherUnitAccount: MoneyAccount;

  beforeEach(async () => {
    em = db.orm().em.fork();
    unit = await makeUnit(em, { name: 'Klub přátel Žďár' });
    account = await makeMoneyAccount(em, { administrativeUnit: unit });
    otherUnitAccount = await makeMoneyAccount(em, { administrativeUnit: await makeUnit(em) });
  });

  async function channel(user: Profile, moneyAccount: MoneyAccount, vs: string) {
    return makeDonorPaymentChannel(em, { vs, user, moneyAccount });
  }

  it('sums the year’s payments on the unit’s accounts, leaving out expected payments and other units’ accounts', async () => {
    const donor = await makeProfile(em);
    const own = await channel(donor, account, '1001');
    const foreign = await channel(donor, otherUnitAccount, '1002');
    const p1 = await makePayment(em, { userDonorPaymentChannel: own, amount: 500, date: '2026-01-15' });
    const p2 = await makePayment(em, { userDonorPaymentChannel: own, amount: 700, date: '2026-12-31' });
    await makePayment(em, { userDonorPaymentChannel: own, amount: 9000, date: '2026-06-01', type: 'expected' });
    await makePayment(em, { userDonorPaymentChannel: own, amount: 8000, date: '2025-12-31' });
    await makePayment(em, { userDonorPaymentChannel: own, amount: 8000, date: '2027-01-01' });
    await makePayment(em, { userDonorPaymentChannel: foreign, amount: 3000, date: '2026-03-01' });

    expect(await computeTaxConfirmationAmounts(em, { administrativeUnitId: unit.id, year: 2026 })).toEqual({ created: 1, changed: 0, cleared: 0 });
    expect(await confirmations(em, unit)).toEqual([{ profile_id: donor.id, amount: 1200, payment_ids: [p1.id, p2.id] }]);
  });

  it('adds up a donor’s two channels of the unit, and confirms a company donor like a person', async () => {
    const donor = await makeProfile(em);
    const company = await makeProfile(em, { kind: 'company', name: 'Šťastná s.r.o.', crn: '12345678', firstName: '', lastName: '' });
    const second = await makeMoneyAccount(em, { administrativeUnit: unit });
    await makePayment(em, { userDonorPaymentChannel: await channel(donor, account, '2001'), amount: 100, date: '2026-02-01' });
    await makePayment(em, { userDonorPaymentChannel: await channel(donor, second, '2002'), amount: 250, date: '2026-03-01' });
    await makePayment(em, { userDonorPaymentChannel: await channel(company, account, '2003'), amount: 10000, date: '2026-04-01' });

    await computeTaxConfirmationAmounts(em, { administrativeUnitId: unit.id, year: 2026 });
    const rows = await confirmations(em, unit);
    expect(rows.map((r) => [r.profile_id, r.amount])).toEqual([
      [donor.id, 350],
      [company.id, 10000],
    ]);
  });

  it('makes no confirmation for a donor without counted payments in the year', async () => {
    const donor = await makeProfile(em);
    const own = await channel(donor, account, '3001');
    await makePayment(em, { userDonorPaymentChannel: own, amount: 500, date: '2025-05-05' });
    await makePayment(em, { userDonorPaymentChannel: own, amount: 500, date: '2026-05-05', type: 'expected' });
    await makeProfile(em); // no channel at all

    expect(await computeTaxConfirmationAmounts(em, { administrativeUnitId: unit.id, year: 2026 })).toEqual({ created: 0, changed: 0, cleared: 0 });
    expect(await confirmations(em, unit)).toEqual([]);
  });
});

describe('generating a unit’s tax confirmations (issue 20)', () => {
  let dir: string;
  let files: LocalFileStorage;
  const drawn: TaxConfirmationDocument[] = [];
  const render = async (doc: TaxConfirmationDocument) => {
    drawn.push(doc);
    return new TextEncoder().encode(`${doc.donor.name}: ${doc.amountFigures}`);
  };

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'klub-tax-'));
    files = new LocalFileStorage(dir);
    drawn.length = 0;
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('after a late-booked payment redraws only that donor’s confirmation and keeps the earlier file in history', async () => {
    const em = db.orm().em.fork();
    const unit = await makeUnit(em);
    const account = await makeMoneyAccount(em, { administrativeUnit: unit });
    const donors = await Promise.all([1, 2, 3].map(() => makeProfile(em)));
    const channels = [];
    for (const [i, donor] of donors.entries()) {
      const ch = await makeDonorPaymentChannel(em, { vs: `400${i}`, user: donor, moneyAccount: account });
      channels.push(ch);
      await makePayment(em, { userDonorPaymentChannel: ch, amount: 100 * (i + 1), date: '2026-05-01' });
    }
    const scope = { administrativeUnitId: unit.id, year: 2026 };
    const first = await generateTaxConfirmations(em, scope, { files, render, batchSize: 2 });
    expect(first).toMatchObject({ created: 3, total: 3, rendered: 3, unchanged: 0 });
    const before = await execute<Array<{ id: number; profile_id: number; file: string; generated_at: Date }>>(
      em,
      'select id, profile_id, file, generated_at from tax_confirmation order by id',
    );

    await makePayment(em, { userDonorPaymentChannel: channels[1]!, amount: 1000, date: '2026-12-30' });
    drawn.length = 0;
    const second = await generateTaxConfirmations(em, scope, { files, render, batchSize: 2 });
    expect(second).toMatchObject({ created: 0, changed: 1, rendered: 1, unchanged: 2 });
    expect(drawn.map((d) => d.amount)).toEqual([1200]);

    const after = await execute<Array<{ id: number; file: string; generated_at: Date; amount: number }>>(
      em,
      'select id, file, generated_at, amount from tax_confirmation order by id',
    );
    expect(after[0]).toMatchObject({ file: before[0]!.file, generated_at: before[0]!.generated_at });
    expect(after[2]).toMatchObject({ file: before[2]!.file, generated_at: before[2]!.generated_at });
    expect(after[1]!.file).not.toBe(before[1]!.file);
    expect(new TextDecoder().decode(await files.read(after[1]!.file))).toContain('1\u00a0200\u00a0Kč');
    const history = await execute<Array<{ tax_confirmation_id: number; file: string; amount: number }>>(
      em,
      'select tax_confirmation_id, file, amount from tax_confirmation_file',
    );
    expect(history).toEqual([{ tax_confirmation_id: before[1]!.id, file: before[1]!.file, amount: 200 }]);
    expect(await files.read(before[1]!.file)).toBeDefined();

    // A third run finds nothing to draw (what a resumed job relies on).
    drawn.length = 0;
    expect(await generateTaxConfirmations(em, scope, { files, render })).toMatchObject({ rendered: 0, unchanged: 3 });
  });

  it('fills the document: company IČO, person’s birth date, amount in words', async () => {
    const em = db.orm().em.fork();
    const unit = await makeUnit(em, { name: 'Spolek Čáp', ico: '87654321', street: 'Dlouhá 1', zipCode: '110 00', city: 'Praha' });
    const account = await makeMoneyAccount(em, { administrativeUnit: unit });
    const person = await makeProfile(em, { firstName: 'Jiří', lastName: 'Šťastný', ageGroup: 1980, birthMonth: 2, birthDay: 29, street: 'Nádražní 5', zipCode: '591 01', city: 'Žďár nad Sázavou' });
    const company = await makeProfile(em, { kind: 'company', name: 'Žluťoučký kůň a.s.', crn: '12345678', firstName: '', lastName: '' });
    await makePayment(em, { userDonorPaymentChannel: await makeDonorPaymentChannel(em, { vs: '5001', user: person, moneyAccount: account }), amount: 12500, date: '2026-01-02' });
    await makePayment(em, { userDonorPaymentChannel: await makeDonorPaymentChannel(em, { vs: '5002', user: company, moneyAccount: account }), amount: 2, date: '2026-01-02' });

    await generateTaxConfirmations(em, { administrativeUnitId: unit.id, year: 2026 }, { files, render, today: '2027-01-20' });
    const [p, c] = drawn;
    expect(p).toMatchObject({
      issuer: { name: 'Spolek Čáp', address: 'Dlouhá 1, 110 00 Praha', ico: '87654321', place: 'Praha' },
      donor: { name: 'Jiří Šťastný', address: 'Nádražní 5, 591 01 Žďár nad Sázavou', kind: 'user', birthDate: '29. 2. 1980', ico: '' },
      amountWords: 'dvanáct tisíc pět set korun českých',
      issuedOn: '20. 1. 2027',
    });
    expect(p!.paragraphs[0]).toBe(
      'Potvrzujeme, že dárce Jiří Šťastný, Nádražní 5, 591 01 Žďár nad Sázavou, nar. 29. 2. 1980, poskytl v roce 2026 naší organizaci dar v celkové výši 12\u00a0500\u00a0Kč (slovy: dvanáct tisíc pět set korun českých).',
    );
    expect(c).toMatchObject({ donor: { name: 'Žluťoučký kůň a.s.', kind: 'company', birthDate: '', ico: '12345678' }, amountWords: 'dvě koruny české' });
    expect(c!.paragraphs[0]).toContain(', IČO 12345678, poskytl');
  });
});

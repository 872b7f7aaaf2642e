import { describe, expect, it } from 'vitest';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AccountStatementType } from '@klub/contracts';
import { AccountStatement } from '@klub/db';
import { makeDonorPaymentChannel, makeMoneyAccount, makeUnit } from '@klub/db/testing';
import { importStatement, pairStatementPayments, StatementParseError } from '../../src/index.js';
import { execute } from '../../src/sql.js';
import { usePaymentsDatabase } from './db.js';
import { fixture, statementSetup } from './fixtures.js';

const PAYMENT_COLUMNS = `id, date::text as date, amount, account, bank_code, vs, vs2, ss, ks, account_name, bank_name, currency,
  recipient_message, transfer_note, user_identification, operation_id, transfer_type, done_by, specification, order_id, bic,
  type, recipient_account_id, user_donor_payment_channel_id as channel_id`;

type PaymentRow = Record<string, unknown> & { id: number; channel_id: number | null };

describe('importStatement: the six bank formats (jobs.md §6)', () => {
  const db = usePaymentsDatabase();

  async function setup(bankAccountNumber: string, type: AccountStatementType) {
    const em = db.orm().em.fork();
    const { account, channel, newStatement } = await statementSetup(em, bankAccountNumber, type);
    return { em, account, channel, statement: { id: await newStatement() } };
  }

  async function payments(em: EntityManager, statementId: number): Promise<PaymentRow[]> {
    return execute<PaymentRow[]>(
      em,
      `select ${PAYMENT_COLUMNS} from payment where account_statement_id = ? order by id`,
      [statementId],
    );
  }

  async function statementRow(em: EntityManager, id: number) {
    const [row] = await execute<Array<Record<string, unknown>>>(
      em,
      `select status, progress, payments_total, payments_paired, errors, date_from::text as date_from,
              date_to::text as date_to, pair_log from account_statement where id = ?`,
      [id],
    );
    return row!;
  }

  it('Fio (account): 4 payments, the period, every column of the paired one', async () => {
    const { em, account, channel, statement } = await setup('2400063333/2010', 'account');
    const result = await importStatement(em.fork(), statement.id, fixture('Pohyby_5_2016.csv'));
    expect(result).toMatchObject({ status: 'done', paymentsTotal: 4, paymentsPaired: 1, duplicates: 0, skipped: 1 });
    const rows = await payments(em, statement.id);
    expect(rows).toHaveLength(4);
    expect(rows[0]).toEqual({
      id: rows[0]!.id,
      date: '2016-01-18',
      amount: 250,
      account: '2150508001',
      bank_code: '5500',
      vs: '120127010',
      vs2: null,
      ss: '12321',
      ks: '0101',
      account_name: 'Testing user account',
      bank_name: 'Raiffeisenbank a.s.',
      currency: 'CZK',
      recipient_message: 'Message for recepient',
      transfer_note: 'Testing user note',
      user_identification: 'Account note',
      operation_id: '12366',
      transfer_type: 'Bezhotovostní příjem',
      done_by: 'Done by',
      specification: 'Account specification',
      order_id: '1232',
      bic: '443322',
      type: 'bank-transfer',
      recipient_account_id: account.id,
      channel_id: channel.id,
    });
    // The two lines sharing operation id 8753105153 are both payments; one has no VS.
    expect(rows.filter((r) => r.operation_id === '8753105153').map((r) => r.vs)).toEqual(['130713218', '']);
    expect(rows.map((r) => r.amount)).toEqual([250, 300, 150, 150]);
    const st = await statementRow(em, statement.id);
    expect(st).toMatchObject({ status: 'done', progress: 100, payments_total: 4, payments_paired: 1, errors: [] });
    expect([st.date_from, st.date_to]).toEqual(['2016-01-25', '2016-01-31']);
    expect(st.pair_log).toContain(
      ' without variable symbol  => Platební kanál s tímto uživatelským bankovním účtem neexistuje // VS neni zadán\n',
    );
    expect(st.pair_log).toContain(
      ' Testing user 1  => Platební kanál s tímto uživatelským bankovním účtem neexistuje // Platební kanál s tímto VS neexistuje\n',
    );
  });

  it('Česká spořitelna (account_cs): 3 payments from cp1250, yyyy/mm/dd dates, prefixed accounts', async () => {
    const { em, channel, statement } = await setup('99999999/2010', 'account_cs');
    const result = await importStatement(em.fork(), statement.id, fixture('Pohyby_cs.csv'));
    expect(result).toMatchObject({ paymentsTotal: 3, paymentsPaired: 1, skipped: 1 });
    const rows = await payments(em, statement.id);
    expect(rows[0]).toMatchObject({
      account: '20000-92392323',
      date: '2019-03-11',
      amount: 1000,
      bank_code: '0800',
      vs: '120127010',
      vs2: '120127010',
      ss: '5',
      ks: '0',
      account_name: 'Test Name',
      transfer_note: 'Message for sender 1',
      recipient_message: 'Message for recepien 1',
      operation_id: '201903110000301585001001',
      currency: null,
      transfer_type: null,
      specification: null,
      order_id: null,
      channel_id: channel.id,
    });
    expect(rows.map((r) => [r.account, r.amount])).toEqual([
      ['20000-92392323', 1000],
      ['1000-23322323', 300],
      ['323223232', 1000],
    ]);
    expect(await statementRow(em, statement.id)).toMatchObject({ date_from: '2019-02-10', date_to: '2019-03-11' });
  });

  it('Komerční banka (account_kb): 3 payments, the period from two preamble lines, AV fields as the note', async () => {
    const { em, channel, statement } = await setup('999-99999999/2010', 'account_kb');
    const result = await importStatement(em.fork(), statement.id, fixture('pohyby_kb.csv'));
    expect(result).toMatchObject({ paymentsTotal: 3, paymentsPaired: 1 });
    const rows = await payments(em, statement.id);
    expect(rows[0]).toMatchObject({
      account: '28937-32323234',
      date: '2010-02-01',
      amount: 500,
      bank_code: '9999',
      vs: '120127010',
      ss: '3232',
      ks: '23',
      account_name: 'Protiucet_name',
      recipient_message: 'Z    CK-73782378278',
      transfer_note: 'TEST1, ',
      operation_id: null,
      channel_id: channel.id,
    });
    expect(rows.map((r) => r.transfer_note)).toEqual(['TEST1, ', ', TEST2', 'text1, text2']);
    expect(await statementRow(em, statement.id)).toMatchObject({ date_from: '2010-02-01', date_to: '2010-02-03' });
  });

  it('ČSOB (account_csob): 4 payments, account and period from the sentence preamble', async () => {
    const { em, channel, statement } = await setup('99999999/0300', 'account_csob');
    const result = await importStatement(em.fork(), statement.id, fixture('pohyby_csob.csv'));
    expect(result).toMatchObject({ paymentsTotal: 4, paymentsPaired: 1 });
    const rows = await payments(em, statement.id);
    expect(rows[0]).toMatchObject({
      account: '99999999',
      date: '2019-07-19',
      amount: 200,
      bank_code: '0600',
      vs: '120127010',
      ss: '9999',
      ks: '1',
      account_name: 'TEST USER 1',
      currency: 'CZK',
      recipient_message: 'We must test',
      transfer_note: '',
      channel_id: channel.id,
    });
    expect(await statementRow(em, statement.id)).toMatchObject({ date_from: '2019-07-19', date_to: '2019-08-02' });
  });

  it('Sberbank (account_sberbank): 4 payments from TAB lines, zeros stripped from accounts and symbols', async () => {
    const { em, account, channel, statement } = await setup('9999999999/0800', 'account_sberbank');
    const result = await importStatement(em.fork(), statement.id, fixture('pohyby_sberbank.txt'));
    expect(result).toMatchObject({ paymentsTotal: 4, paymentsPaired: 1 });
    const rows = await payments(em, statement.id);
    expect(rows[0]).toMatchObject({
      account: '9999999999',
      date: '2019-08-13',
      amount: 1000,
      bank_code: '9999',
      vs: '120127010',
      ks: '999',
      ss: '',
      account_name: 'Tester TEST',
      currency: 'CZK',
      recipient_message: 'MESSAGE TEST ONE',
      transfer_type: 'kreditní',
      transfer_note: null,
      recipient_account_id: account.id,
      channel_id: channel.id,
    });
    expect(rows.map((r) => [r.account, r.amount, r.vs, r.ss])).toEqual([
      ['9999999999', 1000, '120127010', ''],
      ['8888888888', 19911, '1110000011', ''],
      ['212122222222', 100, '', ''],
      ['3232323233323', 12, '23232323', '999'],
    ]);
    expect(await statementRow(em, statement.id)).toMatchObject({ date_from: null, date_to: null });
  });

  it('Raiffeisenbank (account_raiffeisenbank): 3 payments, "1 222,20" rounds to 1222, bank code as written', async () => {
    const { em, channel, statement } = await setup('233223/12', 'account_raiffeisenbank');
    const result = await importStatement(em.fork(), statement.id, fixture('pohyby_raiffeisenbank.csv'));
    expect(result).toMatchObject({ paymentsTotal: 3, paymentsPaired: 1, skipped: 1 });
    const rows = await payments(em, statement.id);
    expect(rows[0]).toMatchObject({
      account: '23',
      bank_code: '23',
      date: '2018-02-01',
      amount: 102,
      vs: '120127010',
      ks: '23322',
      ss: '',
      account_name: 'Mr. Test',
      transfer_note: 'note',
      recipient_message: 'message',
      currency: 'CZK',
      operation_id: '1',
      channel_id: channel.id,
    });
    expect(rows.map((r) => [r.account, r.bank_code, r.amount])).toEqual([
      ['23', '23', 102],
      ['2332', '222', 1222],
      ['22-3232', '3232', 1111],
    ]);
  });
});

describe('importStatement: idempotency and failures (jobs.md §6.1)', () => {
  const db = usePaymentsDatabase();

  async function setup(bankAccountNumber: string, type: AccountStatementType) {
    const em = db.orm().em.fork();
    const { newStatement } = await statementSetup(em, bankAccountNumber, type);
    return { em, newStatement };
  }

  const count = async (em: EntityManager) =>
    Number((await execute<Array<{ n: string }>>(em, 'select count(*) as n from payment'))[0]!.n);

  it('books nothing twice when the same file is imported again into a new statement', async () => {
    const { em, newStatement } = await setup('2400063333/2010', 'account');
    const first = await newStatement();
    await importStatement(em.fork(), first, fixture('Pohyby_5_2016.csv'));
    const second = await newStatement();
    const result = await importStatement(em.fork(), second, fixture('Pohyby_5_2016.csv'));
    expect(result).toMatchObject({ status: 'done', paymentsTotal: 0, duplicates: 4 });
    expect(await count(em)).toBe(4);
    const [st] = await execute<Array<{ pair_log: string }>>(em, 'select pair_log from account_statement where id = ?', [
      second,
    ]);
    expect(st!.pair_log).toContain('4 lines already imported, skipped');
  });

  it('books only the new lines of an overlapping statement', async () => {
    const { em, newStatement } = await setup('999-99999999/2010', 'account_kb');
    const full = fixture('pohyby_kb.csv').toString('latin1').split('\n');
    // The first statement holds the first two transactions only.
    const partial = Buffer.from([...full.slice(0, 19), ''].join('\n'), 'latin1');
    await importStatement(em.fork(), await newStatement(), partial);
    expect(await count(em)).toBe(2);
    const result = await importStatement(em.fork(), await newStatement(), fixture('pohyby_kb.csv'));
    expect(result).toMatchObject({ paymentsTotal: 1, duplicates: 2 });
    expect(await count(em)).toBe(3);
  });

  it('books each line once when overlapping statements of one account are imported at the same time', async () => {
    const { em, newStatement } = await setup('999-99999999/2010', 'account_kb');
    const full = fixture('pohyby_kb.csv').toString('latin1').split('\n');
    const partial = Buffer.from([...full.slice(0, 19), ''].join('\n'), 'latin1');
    const [a, b, c] = [await newStatement(), await newStatement(), await newStatement()];
    const results = await Promise.all([
      importStatement(em.fork(), a, fixture('pohyby_kb.csv')),
      importStatement(em.fork(), b, partial),
      importStatement(em.fork(), c, fixture('pohyby_kb.csv')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['done', 'done', 'done']);
    expect(results.reduce((n, r) => n + r.paymentsTotal, 0)).toBe(3);
    expect(await count(em)).toBe(3);
  });

  it('re-running a finished statement changes nothing', async () => {
    const { em, newStatement } = await setup('99999999/0300', 'account_csob');
    const id = await newStatement();
    await importStatement(em.fork(), id, fixture('pohyby_csob.csv'));
    expect(await importStatement(em.fork(), id, fixture('pohyby_csob.csv'))).toMatchObject({
      status: 'already-done',
      paymentsTotal: 4,
    });
    expect(await count(em)).toBe(4);
  });

  it('fails a truncated file cleanly: no payments, the error names the line', async () => {
    const { em, newStatement } = await setup('2400063333/2010', 'account');
    const text = fixture('Pohyby_5_2016.csv').toString('utf8');
    const truncated = Buffer.from(text.slice(0, text.indexOf('"KRE DAN"') + 5), 'utf8'); // cut inside a quoted field
    const id = await newStatement();
    await expect(importStatement(em.fork(), id, truncated)).rejects.toThrow(StatementParseError);
    expect(await count(em)).toBe(0);
    const [st] = await execute<Array<{ status: string; errors: unknown }>>(
      em,
      'select status, errors from account_statement where id = ?',
      [id],
    );
    expect(st).toEqual({
      status: 'failed',
      errors: [{ line: 17, message: expect.stringMatching(/^line 17: unreadable CSV/) }],
    });
  });

  it('fails a line cut before its amount, after good lines, and keeps none of them', async () => {
    const { em, newStatement } = await setup('999-99999999/2010', 'account_kb');
    const lines = fixture('pohyby_kb.csv').toString('latin1').split('\n');
    const truncated = Buffer.from([...lines.slice(0, 19), '3.2.2010;;24-3792372732/01'].join('\n'), 'latin1');
    const id = await newStatement();
    await expect(importStatement(em.fork(), id, truncated)).rejects.toThrow(
      'line 20: truncated line: 3 of at least 17 columns',
    );
    expect(await count(em)).toBe(0);
  });

  it('fails a malformed line parsed after earlier chunks were inserted, and keeps none of them', async () => {
    const { em, newStatement } = await setup('999-99999999/2010', 'account_kb');
    const lines = fixture('pohyby_kb.csv').toString('latin1').split('\n');
    // 8,000 lines (about 1 MB): the first chunk is stored before the parse reaches the last line.
    const body = Array.from({ length: 8_000 }, (_, i) => `1.2.2010;;${1000 + i}/0800;;500;0;;;${i};;;;;;;;;;;`);
    const file = Buffer.from([...lines.slice(0, 17), ...body, '3.2.2010;;24-3792372732/01', ''].join('\n'), 'latin1');
    const id = await newStatement();
    await expect(importStatement(em.fork(), id, file)).rejects.toThrow(
      'line 8018: truncated line: 3 of at least 17 columns',
    );
    expect(await count(em)).toBe(0);
    const [st] = await execute<Array<{ status: string; errors: unknown }>>(
      em,
      'select status, errors from account_statement where id = ?',
      [id],
    );
    expect(st).toEqual({
      status: 'failed',
      errors: [{ line: 8018, message: 'line 8018: truncated line: 3 of at least 17 columns' }],
    });
  });

  it('refuses a cp1250 statement saved as UTF-8, naming the first line with a non-ASCII character', async () => {
    const { em, newStatement } = await setup('99999999/0300', 'account_csob');
    const utf8 = Buffer.from(new TextDecoder('windows-1250').decode(fixture('pohyby_csob.csv')), 'utf8');
    const id = await newStatement();
    await expect(importStatement(em.fork(), id, utf8)).rejects.toThrow(
      'line 1: the file is UTF-8 encoded, but ČSOB statements are windows-1250',
    );
    expect(await count(em)).toBe(0);
  });

  it('refuses a Fio statement that is not UTF-8', async () => {
    const { em, newStatement } = await setup('2400063333/2010', 'account');
    const cp1250 = Buffer.from(fixture('Pohyby_5_2016.csv').toString('utf8').replace('\ufeff', ''), 'latin1');
    cp1250[cp1250.indexOf('Testing user note')] = 0x9a; // a lone cp1250 "š"
    const id = await newStatement();
    await expect(importStatement(em.fork(), id, cp1250)).rejects.toThrow(/^line \d+: the file is not valid UTF-8/);
    expect(await count(em)).toBe(0);
  });

  it('fails when the unit has no bank account with the statement number', async () => {
    const { em, newStatement } = await setup('1111/0100', 'account_kb');
    const id = await newStatement();
    await expect(importStatement(em.fork(), id, fixture('pohyby_kb.csv'))).rejects.toThrow(
      'Missing Bank account: 999-99999999',
    );
    expect(await count(em)).toBe(0);
  });

  it('pairs again later, once the donor channel exists (leading zeros of the VS ignored)', async () => {
    const em = db.orm().em.fork();
    const unit = await makeUnit(em);
    await makeMoneyAccount(em, { administrativeUnit: unit, bankAccountNumber: '9999999999/0800' });
    const statement = em.create(AccountStatement, { type: 'account_sberbank', administrativeUnit: unit });
    await em.flush();
    expect(await importStatement(em.fork(), statement.id, fixture('pohyby_sberbank.txt'))).toMatchObject({
      paymentsPaired: 0,
    });
    const channel = await makeDonorPaymentChannel(em, {
      vs: '0023232323',
      moneyAccount: await makeMoneyAccount(em, { administrativeUnit: unit }),
    });
    const result = await em.fork().transactional((tx) => pairStatementPayments(tx, statement.id));
    expect(result).toMatchObject({ considered: 4, paired: 1 });
    expect(result.log.split('\n').filter(Boolean)).toHaveLength(3);
    const [paired] = await execute<Array<{ vs: string }>>(
      em,
      'select vs from payment where user_donor_payment_channel_id = ?',
      [channel.id],
    );
    expect(paired).toEqual({ vs: '23232323' });
  });

  it('imports a Raiffeisenbank statement without a known own account, saying so in the log', async () => {
    const { em, newStatement } = await setup('1111/0100', 'account_raiffeisenbank');
    const id = await newStatement();
    expect(await importStatement(em.fork(), id, fixture('pohyby_raiffeisenbank.csv'))).toMatchObject({
      paymentsTotal: 3,
    });
    const [st] = await execute<Array<{ pair_log: string }>>(em, 'select pair_log from account_statement where id = ?', [
      id,
    ]);
    expect(st!.pair_log).toMatch(/^Chybějící bankovní účet/);
  });
});

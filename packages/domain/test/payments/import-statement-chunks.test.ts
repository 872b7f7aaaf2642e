import { describe, expect, it } from 'vitest';
import { importStatement } from '../../src/index.js';
import { execute } from '../../src/sql.js';
import { readCsv, readCsvSlices } from '../../src/payments/statements/common.js';
import { usePaymentsDatabase } from './db.js';
import { fixture, statementSetup } from './fixtures.js';

describe('importStatement in chunks (staging COPY + INSERT per chunk)', () => {
  const db = usePaymentsDatabase();

  async function importKb(chunkSize: number | undefined) {
    const em = db.orm().em.fork();
    // The same lines imported before would all be duplicates.
    await execute(em, 'delete from payment');
    const { channel, newStatement } = await statementSetup(em, '999-99999999/2010', 'account_kb');
    const statement = { id: await newStatement() };
    const progress: number[] = [];
    const result = await importStatement(em.fork(), statement.id, fixture('pohyby_kb.csv'), {
      chunkSize,
      onProgress: (p) => void progress.push(p),
    });
    const rows = await execute<Array<{ account: string; channel: number | null }>>(
      em,
      `select account, user_donor_payment_channel_id as channel from payment where account_statement_id = ? order by id`,
      [statement.id],
    );
    const [st] = await execute<Array<{ pair_log: string; payments_total: number; payments_paired: number }>>(
      em,
      'select pair_log, payments_total, payments_paired from account_statement where id = ?',
      [statement.id],
    );
    // Channel ids differ between the two imports; what matters is which line paired.
    return { result, rows: rows.map((r) => ({ account: r.account, paired: r.channel === channel.id })), st, progress };
  }

  it('one line per chunk books, pairs and logs exactly what one chunk does, in file order', async () => {
    const whole = await importKb(undefined);
    const chunked = await importKb(1);
    expect(chunked.result).toEqual(whole.result);
    expect(chunked.rows).toEqual(whole.rows);
    expect(chunked.rows.map((r) => r.account)).toEqual(['28937-32323234', expect.any(String), expect.any(String)]);
    expect(chunked.rows.filter((r) => r.paired)).toHaveLength(1);
    expect(chunked.st).toEqual({ ...whole.st });
    expect(chunked.st).toMatchObject({ payments_total: 3, payments_paired: 1 });
    expect(chunked.st!.pair_log.split('\n').filter(Boolean)).toHaveLength(2);
    // Progress moves with every chunk, and only forward.
    expect(chunked.progress.length).toBeGreaterThan(whole.progress.length);
    expect([...chunked.progress].sort((a, b) => a - b)).toEqual(chunked.progress);
  });
});

describe('readCsv line numbers', () => {
  it('counts every line of a quote-free file, empty ones included, whatever the line ends', () => {
    expect(readCsv('a;b\n\nc;d\n', ';').map((r) => r.line)).toEqual([1, 2, 3]);
    expect(readCsv('a;b\r\n\r\nc;d', ';').map((r) => r.line)).toEqual([1, 2, 3]);
  });

  it('follows csv-parse when a line break stays inside a cell (mixed line ends) or a field is quoted', () => {
    // After the first CRLF, a bare LF is cell content, so the third record starts on line 3.
    expect(readCsv('a\r\nb\nc\r\nd', ';').map((r) => r.line)).toEqual([1, 3, 4]);
    expect(readCsv('a;"x\ny"\nb;c', ';').map((r) => r.line)).toEqual([2, 3]);
  });
});

describe('readCsvSlices', () => {
  it('reads slice by slice exactly the rows and line numbers readCsv reads', () => {
    const texts = [
      'a;b\n\nc;d\n',
      'a;b\r\n\r\nc;d',
      'a\r\nb\nc\r\nd',
      'a;"x\ny"\nb;c',
      '\ufeffa;b\n\n\n;c\nd',
      '\n\na\n',
      'a;b\n\n',
      'a\rb\rc',
      '',
    ];
    for (const text of texts) {
      for (const sliceChars of [1, 2, 3, 5, 100]) {
        const rows = [...readCsvSlices(text, ';', sliceChars)].flatMap((s) => s.rows);
        expect(rows).toEqual(readCsv(text, ';'));
      }
    }
  });
});

import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { makeDonorPaymentChannel, makeEvent, makeMoneyAccount, makeProfile, makeUnit } from '@klub/db/testing';
import { applyPeopleImport, createPeopleImport, dryRunPeopleImport, getPeopleImport, lockEmail, setPeopleImportMapping } from '../../src/index.js';
import { decodeText, detectDelimiter } from '../../src/people/import/read-file.js';
import { execute } from '../../src/sql.js';
import { useTestDatabase } from '../db.js';

/** An in-memory file store, enough for the rules (the API and worker use @klub/storage). */
function memoryFiles() {
  const stored = new Map<string, Uint8Array>();
  let n = 0;
  return {
    save: async (kind: string, _name: string, data: Uint8Array) => {
      const key = `${kind}/${++n}`;
      stored.set(key, data);
      return key;
    },
    remove: async (key: string) => void stored.delete(key),
    read: async (key: string) => stored.get(key),
  };
}

describe('people import rules (issue 17 §3)', () => {
  const db = useTestDatabase();

  it('reads windows-1250 and UTF-8 and finds the delimiter', () => {
    expect(decodeText(iconv.encode('Jméno;Příjmení\nJiří;Šťastný\n', 'win1250'))).toEqual({
      text: 'Jméno;Příjmení\nJiří;Šťastný\n',
      encoding: 'windows-1250',
    });
    expect(decodeText(Buffer.from('Jméno,Příjmení\n')).encoding).toBe('utf-8');
    expect(detectDelimiter('"a;b",c,d\n1;2;3;4;5')).toBe(',');
    expect(detectDelimiter('a;b;c')).toBe(';');
  });

  it('resumes after a killed run: the applied chunks stay, the rest is applied once', async () => {
    const em = db.orm().em.fork();
    const unit = await makeUnit(em);
    const files = memoryFiles();
    const lines = ['email;first;amount;account;event'];
    await makeEvent(em, { slug: 'support', variableSymbolPrefix: 12345 });
    await makeMoneyAccount(em, { administrativeUnit: unit, slug: 'main' });
    for (let i = 1; i <= 25; i++) lines.push(`p${i}@example.org;P${i};${i % 2 ? '100' : ''};${i % 2 ? 'main' : ''};${i % 2 ? 'support' : ''}`);
    const data = Buffer.from(lines.join('\n'));
    const imp = await createPeopleImport(em, { administrativeUnitId: unit.id, file: { filename: 'people.csv', data }, createdBy: null }, files);
    await setPeopleImportMapping(em, imp.id, {
      columns: { email: 'email', first_name: 'first', regular_amount: 'amount', money_account: 'account', event: 'event' },
      defaults: {},
    });
    await dryRunPeopleImport(em, imp.id, files);

    let chunks = 0;
    const killed = applyPeopleImport(em.fork(), imp.id, {
      chunkSize: 10,
      afterChunk: () => {
        if (++chunks === 1) throw new Error('killed');
      },
    });
    await expect(killed).rejects.toThrow('killed');
    const [half] = await execute<Array<{ n: string }>>(em, 'select count(*) as n from profile where email like ?', ['p%@example.org']);
    expect(Number(half!.n)).toBe(10);

    const result = await applyPeopleImport(em.fork(), imp.id, { chunkSize: 10 });
    expect(result).toMatchObject({ created: 25, updated: 0, refused: 0, channelsCreated: 13 });
    const [all] = await execute<Array<{ n: string }>>(em, 'select count(*) as n from profile where email like ?', ['p%@example.org']);
    expect(Number(all!.n)).toBe(25);
    // The event's prefix: P00001 onwards, one VS each.
    const vs = await execute<Array<{ vs: string }>>(em, 'select vs from donor_payment_channel order by vs');
    expect(vs.map((r) => r.vs)).toEqual(Array.from({ length: 13 }, (_, i) => `12345${String(i + 1).padStart(5, '0')}`));
    expect((await getPeopleImport(em, imp.id)).status).toBe('done');
  });

  it('generates zero-led VS after the unit highest one and keeps a VS given in the file', async () => {
    const em = db.orm().em.fork();
    const unit = await makeUnit(em);
    const account = await makeMoneyAccount(em, { administrativeUnit: unit, slug: 'acc' });
    const event = await makeEvent(em, { slug: 'ev' });
    await makeDonorPaymentChannel(em, { vs: '0000000041', moneyAccount: account, user: await makeProfile(em), event: await makeEvent(em) });
    const files = memoryFiles();
    const data = Buffer.from('email,vs,amount\na@example.org,,100\nb@example.org,777,200\nc@example.org,,300\n');
    const imp = await createPeopleImport(em, { administrativeUnitId: unit.id, file: { filename: 'p.csv', data }, createdBy: null }, files);
    await setPeopleImportMapping(em, imp.id, { columns: { email: 'email', vs: 'vs', regular_amount: 'amount' }, defaults: { money_account: 'acc', event: 'ev' } });
    await dryRunPeopleImport(em, imp.id, files);
    await applyPeopleImport(em.fork(), imp.id);
    const rows = await execute<Array<{ email: string; vs: string; regular_amount: number; event_id: number }>>(
      em,
      `select p.email, d.vs, d.regular_amount, d.event_id from donor_payment_channel d join profile p on p.id = d.user_id
        where p.email like '_@example.org' order by p.email`,
    );
    expect(rows).toEqual([
      { email: 'a@example.org', vs: '0000000042', regular_amount: 100, event_id: event.id },
      { email: 'b@example.org', vs: '777', regular_amount: 200, event_id: event.id },
      { email: 'c@example.org', vs: '0000000043', regular_amount: 300, event_id: event.id },
    ]);
  });

  it('holds one e-mail lock per chunk whatever its size, and a sign-up of any address waits for the chunk', async () => {
    const em = db.orm().em.fork();
    const unit = await makeUnit(em);
    const account = await makeMoneyAccount(em, { administrativeUnit: unit, slug: 'acc' });
    const event = await makeEvent(em, { slug: 'ev' });
    // A person who already gives to the event: their row finds the channel, creates none.
    const giver = await makeProfile(em, { email: 'giver@example.org' });
    const channel = await makeDonorPaymentChannel(em, { vs: '0000000007', moneyAccount: account, user: giver, event });
    const files = memoryFiles();
    const lines = ['email,amount', 'giver@example.org,100'];
    for (let i = 1; i <= 40; i++) lines.push(`l${i}@example.org,${i % 4 === 0 ? 100 : ''}`);
    const imp = await createPeopleImport(em, { administrativeUnitId: unit.id, file: { filename: 'l.csv', data: Buffer.from(lines.join('\n')) }, createdBy: null }, files);
    await setPeopleImportMapping(em, imp.id, { columns: { email: 'email', regular_amount: 'amount' }, defaults: { money_account: 'acc', event: 'ev' } });
    await dryRunPeopleImport(em, imp.id, files);

    const locksHeld: number[] = [];
    const signUpWaited: boolean[] = [];
    const progress: number[] = [];
    await applyPeopleImport(em.fork(), imp.id, {
      chunkSize: 30,
      onProgress: (p) => void progress.push(p),
      inChunk: async (tx) => {
        const [row] = await execute<Array<{ n: string }>>(
          tx,
          `select count(*) as n from pg_locks where locktype = 'advisory' and pid = pg_backend_pid()`,
        );
        locksHeld.push(Number(row!.n));
        // A sign-up of an address of no row of the import, on another connection, must wait.
        const other = db.orm().em.fork();
        const waited = await other
          .transactional(async (t) => {
            await execute(t, `set local lock_timeout = '200ms'`);
            await lockEmail(t, 'someone.else@example.org');
            return false;
          })
          .catch((err: { code?: string }) => err.code === '55P03');
        signUpWaited.push(waited);
      },
    });
    // The e-mails' lock and the unit's VS lock: not one per address.
    expect(locksHeld).toEqual([2, 2]);
    expect(signUpWaited).toEqual([true, true]);
    expect(progress).toEqual([0, 73, 100]);
    const imported = await getPeopleImport(em, imp.id);
    expect(imported).toMatchObject({ status: 'done', rows_total: 41, rows_done: 41, progress: 100, channels_created: 10 });
    const [giverRow] = await execute<Array<{ channel: string; channel_id: number }>>(
      em,
      `select channel, channel_id from person_import_row where person_import_id = ? and email = 'giver@example.org'`,
      [imp.id],
    );
    expect(giverRow).toEqual({ channel: 'exists', channel_id: channel.id });
    const vs = await execute<Array<{ vs: string }>>(em, `select vs from donor_payment_channel where event_id = ? order by vs`, [event.id]);
    expect(vs.map((r) => r.vs)).toEqual(['0000000007', ...Array.from({ length: 10 }, (_, i) => String(8 + i).padStart(10, '0'))]);
    // After the import, sign-ups go on.
    await em.fork().transactional((t) => lockEmail(t, 'l1@example.org'));
  });
});

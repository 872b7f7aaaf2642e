import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { execute, makeDonorPaymentChannel, makeEvent, makeMoneyAccount, makeProfile, makeUnit } from '@klub/db/testing';
import { addUnitsToProfile } from '@klub/domain';
import { startWorker, type Child } from '../faults/helpers.js';
import { useKlubApp } from '../helpers/klub-app.js';
import { superuser } from './helpers.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const storageDir = mkdtempSync(join(tmpdir(), 'klub-people-import-'));

interface Import {
  id: number;
  status: string;
  headers: string[];
  mapping: { columns: Record<string, string>; defaults: Record<string, string> } | null;
  counts: Record<string, number>;
  rows_total: number;
  rows_done: number;
  progress: number;
  channels_created: number;
  encoding: string | null;
  delimiter: string | null;
  format: string;
}

describe('/api/admin/people-imports/ with the real worker (issue 17 §3)', () => {
  const app = useKlubApp({ STORAGE_DIR: storageDir });
  let worker: Child;

  beforeAll(() => {
    // The worker as `pnpm dev` runs it, on this test's database and a Redis prefix of its own.
    worker = startWorker({
      DATABASE_URL: inject('apiDatabaseUrl'),
      REDIS_URL,
      QUEUE_PREFIX: `test-people-import-${process.pid}`,
      STORAGE_DIR: storageDir,
      SMTP_URL: 'smtp://127.0.0.1:9',
      LOG_LEVEL: 'warn',
    });
  });
  afterAll(async () => {
    await worker?.stop('SIGTERM');
    rmSync(storageDir, { recursive: true, force: true });
  });

  async function headers() {
    return (await superuser(app)).headers;
  }

  async function upload(h: Record<string, string>, unit: number, data: Uint8Array, filename: string) {
    const form = new FormData();
    form.set('administrative_unit', String(unit));
    form.set('file', new Blob([data]), filename);
    const res = await fetch(`${app.url}/api/admin/people-imports/`, { method: 'POST', headers: h, body: form });
    return { status: res.status, body: (await res.json()) as Import & Record<string, unknown> };
  }

  const call = (h: Record<string, string>, method: string, path: string, json?: unknown) =>
    app.api(path, { method, headers: h, ...(json === undefined ? {} : { json }) });

  async function waitDone(h: Record<string, string>, id: number): Promise<Import> {
    for (let i = 0; i < 1200; i++) {
      const res = await call(h, 'GET', `/api/admin/people-imports/${id}/`);
      const body = res.body as Import;
      if (body.status === 'done' || body.status === 'failed') return body;
      await sleep(100);
    }
    throw new Error('the import did not finish (is the worker running?)');
  }

  const count = async (sql: string, params: unknown[] = []) => {
    const [row] = await execute<Array<{ n: string }>>(app.em(), sql, params);
    return Number(row!.n);
  };

  it('imports a windows-1250 CSV: mapping saved, dry run per row, the job creates and fills, a second import creates nothing', { timeout: 180_000 }, async () => {
    const h = await headers();
    const em = app.em();
    const unit = await makeUnit(em);
    const account = await makeMoneyAccount(em, { administrativeUnit: unit, slug: 'hlavni' });
    const event = await makeEvent(em, { slug: 'clenstvi', administrativeUnits: [unit] });
    // Found by e-mail with an empty first name (filled) and a last name (kept).
    const known = await makeProfile(em, { email: 'known@example.org', firstName: '', lastName: 'Původní' });
    // Found, already a member, nothing new in the row.
    const same = await makeProfile(em, { email: 'same@example.org', firstName: 'Eva', lastName: 'Stejná' });
    await addUnitsToProfile(em, same.id, [unit.id], { source: 'staff', actorId: null });
    // A VS the unit already uses.
    await makeDonorPaymentChannel(em, { vs: '5555', moneyAccount: account });

    const csv = [
      'E-mail;Jméno;Příjmení;Telefon;Město;Datum narození;Částka;Účet;VS',
      'jiri@example.org;Jiří;Šťastný;+420 777 111 222;Žďár nad Sázavou;3.4.1980;500;hlavni;',
      'known@example.org;Karel;Nový;;;;;;',
      'same@example.org;Eva;Stejná;;;;;;',
      'not-an-email;Bad;Row;;;;;;',
      'vs@example.org;V;S;;;;100;hlavni;5555',
      'acct@example.org;A;C;;;;100;neznamy;',
      'jiri@example.org;Jiří;Znovu;;;;;;',
      'date@example.org;D;D;;;31.2.1990;;;',
    ].join('\r\n');
    const up = await upload(h, unit.id, iconv.encode(csv, 'win1250'), 'lidé.csv');
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    expect(up.body).toMatchObject({ format: 'csv', encoding: 'windows-1250', delimiter: ';', status: 'uploaded' });
    expect(up.body.headers[1]).toBe('Jméno');
    // No saved mapping yet: guessed from the Czech headers.
    expect(up.body.mapping!.columns).toMatchObject({ email: 'E-mail', first_name: 'Jméno', last_name: 'Příjmení', city: 'Město' });

    const mapping = {
      columns: {
        email: 'E-mail', first_name: 'Jméno', last_name: 'Příjmení', telephone: 'Telefon', city: 'Město',
        birth_date: 'Datum narození', regular_amount: 'Částka', money_account: 'Účet', vs: 'VS',
      },
      defaults: { event: 'clenstvi', regular_frequency: 'monthly' },
    };
    const mapped = await call(h, 'PUT', `/api/admin/people-imports/${up.body.id}/mapping/`, mapping);
    expect(mapped.status, mapped.text).toBe(200);

    const dry = await call(h, 'POST', `/api/admin/people-imports/${up.body.id}/dry-run/`);
    expect(dry.status, dry.text).toBe(200);
    expect((dry.body as Import).counts).toEqual({ create: 1, update: 1, unchanged: 1, refuse: 5, skip: 0 });
    expect(await count('select count(*) as n from profile where email = ?', ['jiri@example.org'])).toBe(0);

    const rows = await call(h, 'GET', `/api/admin/people-imports/${up.body.id}/rows/?page_size=100`);
    const byLine = new Map((rows.body as { results: Array<Record<string, unknown>> }).results.map((r) => [r.row, r]));
    expect(byLine.get(2)).toMatchObject({ outcome: 'create', donation: 'create', reasons: [] });
    expect(byLine.get(3)).toMatchObject({ outcome: 'update', profile: known.id, fills: ['first_name', 'unit'] });
    expect(byLine.get(4)).toMatchObject({ outcome: 'unchanged', profile: same.id, fills: [] });
    expect(byLine.get(5)).toMatchObject({ outcome: 'refuse', reasons: [{ field: 'email', message: 'Enter a valid email address.' }] });
    expect(byLine.get(6)).toMatchObject({ outcome: 'refuse', reasons: [{ field: 'vs', message: 'Duplicate VS' }] });
    expect(byLine.get(7)).toMatchObject({ outcome: 'refuse', reasons: [{ field: 'money_account', message: 'No money account "neznamy" in the unit.' }] });
    expect(byLine.get(8)).toMatchObject({ outcome: 'refuse', reasons: [{ field: 'email', message: 'The same e-mail is on line 2.' }] });
    expect(byLine.get(9)).toMatchObject({ outcome: 'refuse', reasons: [{ field: 'birth_date' }] });
    // Paged, filtered by outcome.
    const refused = await call(h, 'GET', `/api/admin/people-imports/${up.body.id}/rows/?outcome=refuse&page_size=2`);
    expect(refused.body).toMatchObject({ count: 5, previous: null });
    expect((refused.body as { next: string }).next).toContain('page=2');

    const start = await call(h, 'POST', `/api/admin/people-imports/${up.body.id}/start/`);
    expect(start.status, start.text).toBe(202);
    expect(start.body).toMatchObject({ import: { status: 'queued' }, job_id: expect.stringMatching(/^outbox-\d+$/) });
    const done = await waitDone(h, up.body.id);
    expect(done).toMatchObject({ status: 'done', progress: 100, channels_created: 1, counts: { create: 1, update: 1, unchanged: 1, refuse: 5, skip: 0 } });

    const [jiri] = await execute<Array<Record<string, unknown>>>(
      app.em(),
      `select p.id, p.first_name, p.last_name, p.city, p.age_group, p.birth_month, p.birth_day,
              (select telephone from telephone t where t.user_id = p.id and t.is_primary) as phone,
              (select count(*) from profile_administrative_units m where m.profile_id = p.id and m.administrative_unit_id = ?) as member,
              (select count(*) from preference r where r.user_id = p.id and r.administrative_unit_id = ?) as preference
         from profile p where p.email = 'jiri@example.org'`,
      [unit.id, unit.id],
    );
    expect(jiri).toMatchObject({ first_name: 'Jiří', last_name: 'Šťastný', city: 'Žďár nad Sázavou', age_group: 1980, birth_month: 4, birth_day: 3, phone: '+420 777 111 222' });
    expect(Number(jiri!.member)).toBe(1);
    expect(Number(jiri!.preference)).toBe(1);
    const [channel] = await execute<Array<Record<string, unknown>>>(
      app.em(),
      'select vs, regular_amount, regular_frequency, money_account_id, event_id from donor_payment_channel where user_id = ?',
      [jiri!.id],
    );
    expect(channel).toEqual({ vs: '0000000001', regular_amount: 500, regular_frequency: 'monthly', money_account_id: account.id, event_id: event.id });
    const [k] = await execute<Array<{ first_name: string; last_name: string }>>(app.em(), 'select first_name, last_name from profile where id = ?', [known.id]);
    expect(k).toEqual({ first_name: 'Karel', last_name: 'Původní' });

    // The same file again: the applied rows are skipped, nothing new is created.
    const before = { profiles: await count('select count(*) as n from profile'), channels: await count('select count(*) as n from donor_payment_channel') };
    const again = await upload(h, unit.id, iconv.encode(csv, 'win1250'), 'lidé.csv');
    expect(again.body.mapping).toEqual(mapping); // the unit's saved mapping
    const dry2 = await call(h, 'POST', `/api/admin/people-imports/${again.body.id}/dry-run/`);
    expect((dry2.body as Import).counts).toEqual({ create: 0, update: 0, unchanged: 0, refuse: 5, skip: 3 });
    await call(h, 'POST', `/api/admin/people-imports/${again.body.id}/start/`);
    expect(await waitDone(h, again.body.id)).toMatchObject({ status: 'done', channels_created: 0 });
    expect({ profiles: await count('select count(*) as n from profile'), channels: await count('select count(*) as n from donor_payment_channel') }).toEqual(before);
    const [note] = await execute<Array<{ n: string }>>(app.em(), `select count(*) as n from profile where note like '%---%'`);
    expect(Number(note!.n)).toBe(0);
  });

  it('imports an XLSX with the unit’s saved mapping, dates and numbers as cells', { timeout: 120_000 }, async () => {
    const h = await headers();
    const em = app.em();
    const unit = await makeUnit(em);
    await makeMoneyAccount(em, { administrativeUnit: unit, slug: 'ucet-x' });
    await makeEvent(em, { slug: 'dar-x', administrativeUnits: [unit], variableSymbolPrefix: 77777 });
    await em.getConnection().execute(
      `insert into person_import_mapping (administrative_unit_id, mapping) values (${unit.id},
        '{"columns": {"email": "Mail", "last_name": "Surname", "birth_date": "Born", "regular_amount": "Gift"}, "defaults": {"money_account": "ucet-x", "event": "dar-x"}}')`,
    );
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('People');
    sheet.addRow(['Mail', 'Surname', 'Born', 'Gift', 'Unused']);
    sheet.addRow(['x1@example.org', 'Xová', new Date(Date.UTC(1975, 11, 24)), 300, 'a']);
    sheet.addRow(['x2@example.org', 'Xový', 1990, null, 'b']);
    sheet.addRow([{ text: 'x3@example.org', hyperlink: 'mailto:x3@example.org' }, 'Třetí', '1.1.2000', '1 200 Kč', 'c']);
    const data = new Uint8Array(await book.xlsx.writeBuffer());
    // Each test truncates with RESTART IDENTITY while this file's worker and Redis prefix live on:
    // without this, the outbox row gets the id of the CSV test's, and BullMQ takes the job id
    // `outbox-<id>` it has already run for a duplicate and drops it.
    await em.getConnection().execute(`select setval(pg_get_serial_sequence('outbox_message', 'id'), 100000)`);

    const up = await upload(h, unit.id, data, 'people.xlsx');
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    expect(up.body).toMatchObject({ format: 'xlsx', encoding: null, headers: ['Mail', 'Surname', 'Born', 'Gift', 'Unused'] });
    expect(up.body.mapping!.columns).toEqual({ email: 'Mail', last_name: 'Surname', birth_date: 'Born', regular_amount: 'Gift' });

    // Start without a dry run: it is made first.
    const start = await call(h, 'POST', `/api/admin/people-imports/${up.body.id}/start/`);
    expect(start.status, start.text).toBe(202);
    const done = await waitDone(h, up.body.id);
    expect(done).toMatchObject({ status: 'done', rows_total: 3, counts: { create: 3, refuse: 0 }, channels_created: 2 });
    const people = await execute<Array<Record<string, unknown>>>(
      app.em(),
      `select p.email, p.last_name, p.age_group, p.birth_month, p.birth_day, d.vs, d.regular_amount
         from profile p left join donor_payment_channel d on d.user_id = p.id where p.email like 'x_@example.org' order by p.email`,
    );
    expect(people).toEqual([
      { email: 'x1@example.org', last_name: 'Xová', age_group: 1975, birth_month: 12, birth_day: 24, vs: '7777700001', regular_amount: 300 },
      { email: 'x2@example.org', last_name: 'Xový', age_group: 1990, birth_month: null, birth_day: null, vs: null, regular_amount: null },
      { email: 'x3@example.org', last_name: 'Třetí', age_group: 2000, birth_month: 1, birth_day: 1, vs: '7777700002', regular_amount: 1200 },
    ]);
  });

  it('answers a bad file or mapping with a 4xx DRF body and queues nothing', async () => {
    const h = await headers();
    const unit = await makeUnit(app.em());
    expect(await upload(h, unit.id, new Uint8Array(), 'empty.csv')).toMatchObject({ status: 400, body: { file: [expect.any(String)] } });
    expect(await upload(h, unit.id, new Uint8Array([0, 1, 2, 3, 0]), 'junk.bin')).toMatchObject({
      status: 400,
      body: { file: ['The file is neither CSV nor XLSX.'] },
    });
    expect(await upload(h, unit.id, Buffer.from('a;a\n1;2\n'), 'dup.csv')).toMatchObject({ status: 400, body: { file: ['The header "a" appears twice.'] } });
    expect(await upload(h, 999999, Buffer.from('email\nx@example.org\n'), 'p.csv')).toMatchObject({ status: 400, body: { administrative_unit: [expect.any(String)] } });

    const ok = await upload(h, unit.id, Buffer.from('email,name\nx@example.org,X\n'), 'p.csv');
    expect(ok.status).toBe(201);
    const path = `/api/admin/people-imports/${ok.body.id}/mapping/`;
    expect(await call(h, 'PUT', path, { columns: { email: 'mail' } })).toMatchObject({
      status: 400,
      body: { columns: ['email: the file has no column "mail".'] },
    });
    expect(await call(h, 'PUT', path, { columns: { first_name: 'name' } })).toMatchObject({ status: 400, body: { columns: [expect.stringContaining('email')] } });
    const unknownField = await call(h, 'PUT', path, { columns: { shoe_size: 'name' } });
    expect(unknownField.status).toBe(400);
    expect(Object.keys(unknownField.body as object)).toEqual(['columns']);
    expect(await call(h, 'GET', '/api/admin/people-imports/999999/')).toMatchObject({ status: 404, body: { detail: expect.any(String) } });
    expect(await count('select count(*) as n from outbox_message')).toBe(0);
    // Staff of none of the import's units (unit-scope.test.ts has both units): 404 for it, an empty list, 403 into the unit.
    const staff = await app.user({ username: 'staffer', isStaff: true });
    const asStaff = { authorization: `Bearer ${staff.access}` };
    expect((await call(asStaff, 'GET', `/api/admin/people-imports/${ok.body.id}/`)).status).toBe(404);
    expect((await call(asStaff, 'GET', '/api/admin/people-imports/')).body).toMatchObject({ count: 0, results: [] });
    expect((await upload(asStaff, unit.id, Buffer.from('email\nx@example.org\n'), 'p.csv')).status).toBe(403);
  });
});

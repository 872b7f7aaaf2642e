/**
 * `pnpm bench:people-import` (issue 17 §3): a people file of ROWS rows (default 50,000), half of
 * whose e-mails already belong to people, every tenth row with a regular donation, imported
 * through the same domain functions as the API and the `imports.people` job: upload (headers),
 * dry run (stage + classify in SQL), then the import itself (chunks through get-or-create).
 * Recreates the database BENCH_PEOPLE_DATABASE_URL (default klub_bench_people) and prints figures.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { initOrm, migrate } from '@klub/db';
import { applyPeopleImport, createPeopleImport, dryRunPeopleImport, setPeopleImportMapping } from '@klub/domain';
import { execute } from '@klub/db/testing';
import { fileStorageAt } from '@klub/storage';

const { values } = parseArgs({
  options: { rows: { type: 'string', default: '50000' }, chunk: { type: 'string', default: '1000' } },
});
const ROWS = Number(values.rows);
const CHUNK = Number(values.chunk);
const DB_URL = process.env.BENCH_PEOPLE_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/klub_bench_people';

async function recreateDatabase(): Promise<void> {
  const url = new URL(DB_URL);
  const name = url.pathname.slice(1);
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  await client.query(`drop database if exists "${name}" with (force)`);
  await client.query(`create database "${name}"`);
  await client.end();
}

const timed = async <T>(fn: () => Promise<T>): Promise<[T, number]> => {
  const t = performance.now();
  const result = await fn();
  return [result, performance.now() - t];
};

async function main(): Promise<void> {
  await recreateDatabase();
  const orm = await initOrm(DB_URL);
  await migrate(orm);
  const em = orm.em.fork();
  const storage = await mkdtemp(join(tmpdir(), 'klub-bench-people-'));
  const files = fileStorageAt(storage);
  try {
    const [unit] = await execute<Array<{ id: number }>>(em, `insert into administrative_unit (name, slug) values ('Bench', 'bench') returning id`);
    await execute(em, `insert into money_account (kind, administrative_unit_id, slug, bank_account_number) values ('bank', ?, 'bench-bank', '1/2010')`, [unit!.id]);
    await execute(em, `insert into event (name, slug) values ('Bench support', 'bench-support')`);
    // The existing half: person i (odd i) with a last name and no first name, so the import fills it.
    await execute(
      em,
      `with p as (
         insert into profile (kind, username, email, last_name, created, updated, date_joined)
         select 'user', 'existing' || i, 'person' || i || '@example.org', 'Existing ' || i, now(), now(), now()
           from generate_series(1, ?, 2) i returning id, email)
       insert into profile_email (email, is_primary, user_id) select email, true, id from p`,
      [ROWS],
    );
    await execute(em, 'analyze');

    const lines = ['E-mail;Jméno;Příjmení;Telefon;Město;PSČ;Datum narození;Částka;Účet;Akce'];
    for (let i = 1; i <= ROWS; i++) {
      const donation = i % 10 === 0 ? `500;bench-bank;bench-support` : ';;';
      lines.push(`person${i}@example.org;Jméno${i};Příjmení${i};+420 600 ${String(i).padStart(6, '0')};Brno;60200;${(i % 28) + 1}.${(i % 12) + 1}.1980;${donation}`);
    }
    const data = Buffer.from(lines.join('\r\n'), 'utf8');

    const [imp, uploadMs] = await timed(() =>
      createPeopleImport(em.fork(), { administrativeUnitId: unit!.id, file: { filename: 'people.csv', data }, createdBy: null }, files),
    );
    await setPeopleImportMapping(em.fork(), imp.id, imp.mapping!);
    const [dry, dryMs] = await timed(() => dryRunPeopleImport(em.fork(), imp.id, files));
    // Each chunk's time: a flat series means the import is linear in the rows (a growing one, that
    // a chunk does work in proportion to what was imported before it).
    const chunkMs: number[] = [];
    let chunkStart = performance.now();
    const [result, applyMs] = await timed(() =>
      applyPeopleImport(em.fork(), imp.id, {
        chunkSize: CHUNK,
        afterChunk: () => {
          const now = performance.now();
          chunkMs.push(now - chunkStart);
          chunkStart = now;
        },
      }),
    );
    const tenth = Math.max(1, Math.floor(chunkMs.length / 10));
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
    const [firstMs, lastMs] = [mean(chunkMs.slice(0, tenth)), mean(chunkMs.slice(-tenth))];

    const again = await createPeopleImport(em.fork(), { administrativeUnitId: unit!.id, file: { filename: 'people.csv', data }, createdBy: null }, files);
    const [dry2, dry2Ms] = await timed(() => dryRunPeopleImport(em.fork(), again.id, files));
    const [, apply2Ms] = await timed(() => applyPeopleImport(em.fork(), again.id, { chunkSize: CHUNK }));

    const rate = (ms: number) => Math.round(ROWS / (ms / 1000)).toLocaleString('en');
    const s = (ms: number) => (ms / 1000).toFixed(2);
    console.log(`people import benchmark: ${ROWS.toLocaleString('en')} rows (${(data.length / 1e6).toFixed(1)} MB CSV), ${CHUNK} rows per chunk, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
    console.table([
      { step: 'upload (store, read headers)', seconds: s(uploadMs), 'rows/s': '', result: `${imp.headers.length} columns` },
      { step: 'dry run (stage + classify in SQL)', seconds: s(dryMs), 'rows/s': rate(dryMs), result: JSON.stringify(dry.counts) },
      { step: 'import (get-or-create by e-mail, chunks)', seconds: s(applyMs), 'rows/s': rate(applyMs), result: `${result.created} created, ${result.updated} updated, ${result.channelsCreated} channels` },
      { step: 'same file again: dry run', seconds: s(dry2Ms), 'rows/s': rate(dry2Ms), result: JSON.stringify(dry2.counts) },
      { step: 'same file again: import', seconds: s(apply2Ms), 'rows/s': rate(apply2Ms), result: 'nothing new' },
    ]);
    console.log(
      `import chunks: ${chunkMs.length}; the first tenth ${firstMs.toFixed(0)} ms each, the last tenth ${lastMs.toFixed(0)} ms each ` +
        `(last/first ${(lastMs / firstMs).toFixed(2)}: about 1 when the import is linear in the rows)`,
    );
  } finally {
    await orm.close();
    await rm(storage, { recursive: true, force: true });
  }
}

await main();

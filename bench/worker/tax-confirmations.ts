/**
 * `pnpm bench:tax-confirmations` — issue 20: a unit's tax confirmations for 10,000 donors, end
 * to end as the worker's job does it (amount statement, document data, PDF drawing with the
 * embedded font, files written through @klub/storage with fsync, one write statement per batch).
 * Not a test: it prints figures. Recreates BENCH_DATABASE_URL (default klub_bench_tax on the
 * local server); files go to a temporary directory that is removed at the end.
 * Options: --donors N (10000), --payments-per-donor N (12), --threads N (render threads as the
 * worker uses them; default every core but one; 0 = draw on the main thread, one document at a time
 * as before the pool).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { execute, prepareTestDatabase } from '@klub/db/testing';
import { computeTaxConfirmationAmounts, generateTaxConfirmations } from '@klub/domain';
import { createTaxConfirmationRenderPool, defaultRenderThreads, renderTaxConfirmation } from '@klub/pdfs';
import { LocalFileStorage } from '@klub/storage';

// `pnpm bench:tax-confirmations -- --donors 300` hands the script a leading `--`, after which
// parseArgs would read every option as a positional.
const args = process.argv.slice(2);
const { values } = parseArgs({
  args: args[0] === '--' ? args.slice(1) : args,
  options: {
    donors: { type: 'string', default: '10000' },
    'payments-per-donor': { type: 'string', default: '12' },
    threads: { type: 'string' },
  },
});
const DONORS = Number(values.donors);
const PER_DONOR = Number(values['payments-per-donor']);
const DB_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/klub_bench_tax';
const YEAR = 2026;
const THREADS = values.threads === undefined ? defaultRenderThreads() : Number(values.threads);

const orm = await prepareTestDatabase(DB_URL);
const dir = await mkdtemp(path.join(tmpdir(), 'klub-bench-tax-'));
try {
  const em = orm.em.fork();
  // One unit, one account; DONORS people with Czech names, a channel each and PER_DONOR monthly
  // payments in the year (one of them `expected`, which the rule leaves out).
  const [unit] = await execute<Array<{ id: number }>>(
    em,
    `insert into administrative_unit (name, street, city, zip_code, ico, slug)
     values ('Klub přátel Žďáru', 'Nádražní 5', 'Žďár nad Sázavou', '591 01', '12345678', 'bench-tax') returning id`,
  );
  const [event] = await execute<Array<{ id: number }>>(em, `insert into event (name, slug) values ('Dary', 'bench-tax-dary') returning id`);
  const [account] = await execute<Array<{ id: number }>>(
    em,
    `insert into money_account (kind, administrative_unit_id, bank_account_number, slug) values ('bank', ?, '2400000000/2010', 'bench-tax-acc') returning id`,
    [unit!.id],
  );
  const seedStart = performance.now();
  await execute(
    em,
    `with people as (
       insert into profile (kind, username, first_name, last_name, street, city, zip_code, age_group, birth_month, birth_day, email)
       select 'user', 'donor' || g, (array['Jiří','Šárka','Čeněk','Růžena','Ondřej'])[1 + g % 5], 'Šťastný ' || g,
              'Dlouhá ' || g, 'Žďár nad Sázavou', '591 01', 1950 + g % 50, 1 + g % 12, 1 + g % 28, 'donor' || g || '@example.org'
         from generate_series(1, ?) g returning id
     ), channels as (
       insert into donor_payment_channel (vs, user_id, money_account_id, administrative_unit_id, event_id, regular_amount, regular_frequency)
       select 'V' || p.id, p.id, ?, ?, ?, 300, 'monthly' from people p returning id
     )
     insert into payment (user_donor_payment_channel_id, date, amount, type)
     select c.id, make_date(?, m, 15), 100 + (c.id % 50) * 10, case when m = 12 then 'expected' else 'bank-transfer' end
       from channels c cross join generate_series(1, ?) m`,
    [DONORS, account!.id, unit!.id, event!.id, YEAR, PER_DONOR],
  );
  console.log(`seeded ${DONORS} donors, ${DONORS * PER_DONOR} payments in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);

  const amountsStart = performance.now();
  const amounts = await computeTaxConfirmationAmounts(em, { administrativeUnitId: unit!.id, year: YEAR });
  const amountsMs = performance.now() - amountsStart;
  // Start from amounts already in place, so the run below measures the documents; its own amount
  // statement then finds nothing to change (its cost is in `amountsMs`).
  const files = new LocalFileStorage(dir);
  // As the worker job draws: a pool of threads and enough documents in flight to keep it busy.
  // --threads 0: the main thread, one document at a time (the figures before the pool).
  const pool = THREADS > 0 ? createTaxConfirmationRenderPool(THREADS) : null;
  const render = pool ? (d: Parameters<typeof renderTaxConfirmation>[0]) => pool.render(d) : renderTaxConfirmation;
  const concurrency = pool ? pool.size * 2 : 1;
  let lastReport = 0;
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const result = await generateTaxConfirmations(
    em,
    { administrativeUnitId: unit!.id, year: YEAR },
    {
      files,
      render,
      concurrency,
      onProgress: (done, total) => {
        if (performance.now() - lastReport > 5000) {
          lastReport = performance.now();
          console.log(`  ${done}/${total} after ${((lastReport - start) / 1000).toFixed(0)} s`);
        }
      },
    },
  );
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  // On a shared machine the wall clock also counts other processes' turns; the CPU time this
  // process used says what one core of its own would do.
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const [size] = await execute<Array<{ n: number }>>(em, 'select count(*)::int as n from tax_confirmation where file is not null');
  const again = performance.now();
  const rerun = await generateTaxConfirmations(em, { administrativeUnitId: unit!.id, year: YEAR }, { files, render, concurrency });
  await pool?.close();
  const rerunSeconds = (performance.now() - again) / 1000;
  const du = await import('node:child_process').then(({ execFileSync }) => execFileSync('du', ['-sk', dir]).toString().split('\t')[0]);
  process.stdout.write(
    [
      '',
      `amount statement (${amounts.created} donors of one unit): ${amountsMs.toFixed(0)} ms`,
      `render threads: ${THREADS || 'none (main thread)'}, documents in flight: ${concurrency}`,
      `generation: ${result.rendered} PDFs drawn and written in ${seconds.toFixed(1)} s = ${(result.rendered / seconds).toFixed(1)} PDFs/s end to end (files recorded: ${size!.n})`,
      `CPU time of this process (its threads included): ${cpuSeconds.toFixed(1)} s = ${(result.rendered / cpuSeconds).toFixed(1)} PDFs per CPU-second (load average now ${(await import('node:os')).loadavg()[0]!.toFixed(1)} on ${(await import('node:os')).cpus().length} cores)`,
      `files on disk: ${du} KiB, ${((Number(du) * 1024) / result.rendered / 1024).toFixed(1)} KiB per PDF`,
      `rerun with nothing changed: ${rerun.unchanged} unchanged, ${rerun.rendered} drawn, ${rerunSeconds.toFixed(1)} s`,
      '',
    ].join('\n'),
  );
} finally {
  await rm(dir, { recursive: true, force: true });
  await orm.close(true);
}

/**
 * `pnpm bench:worker` — the worker benchmarks of issue 6 (see README.md). Not a test: it prints
 * figures. Recreates the database BENCH_DATABASE_URL (default klub_bench on the local server)
 * and uses Redis under its own key prefix. Sizes: --channels, --payments, --lines, --emails;
 * `--only import` runs only the statement import, `--reuse` (with it) keeps the previous data set.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { initOrm, migrate, withSecretKey } from '@klub/db';
import { execute, prepareTestDatabase } from '@klub/db/testing';
import type { MikroORM } from '@mikro-orm/postgresql';
import { checkPayments, importStatement, type DarujmeClient } from '@klub/domain';
import { createMailer } from '@klub/emails';
import { startSmtpSink } from '@klub/emails/testing';
import { loadEnv } from '@klub/config';
import { OutboxRelay } from '../../apps/worker/src/outbox-relay.js';
import { closeQueues, createQueues } from '../../apps/worker/src/queues.js';
import { startWorkers } from '../../apps/worker/src/runtime.js';
import { generateDataset, generateKbStatement, type Dataset } from './data.js';

const { values } = parseArgs({
  options: {
    channels: { type: 'string', default: '100000' },
    payments: { type: 'string', default: '2000000' },
    lines: { type: 'string', default: '100000' },
    emails: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '10' },
    // `--only import` skips the payment check and the e-mail benchmark.
    only: { type: 'string' },
    // Reuse the data set of a previous run of the same sizes instead of regenerating it (minutes at
    // full size); the statements this run imports are deleted again at the end.
    reuse: { type: 'boolean', default: false },
  },
});
const ONLY = values.only;
if (ONLY !== undefined && ONLY !== 'import') throw new Error(`--only takes "import", not ${JSON.stringify(ONLY)}`);
// The payment check and the e-mails change the data set in ways the next run would notice.
if (values.reuse && ONLY !== 'import') throw new Error('--reuse needs --only import');
const CHANNELS = Number(values.channels);
const PAYMENTS = Number(values.payments);
const LINES = Number(values.lines);
const EMAILS = Number(values.emails);
const CONCURRENCY = Number(values.concurrency);
const DB_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/klub_bench';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

const rows: Array<[string, string, string]> = [];
const seconds = (ms: number) => (ms / 1000).toFixed(2);
async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const r = await fn();
  return [r, performance.now() - t];
}
const log = (s: string) => console.error(`… ${s}`);

const reused = values.reuse ? await reuseDataset() : null;
const orm = reused?.orm ?? (await prepareTestDatabase(DB_URL));
const em = orm.em.fork();
const statements: number[] = [];
try {
  let dataset = reused?.dataset;
  if (!dataset) {
    log(`generating ${CHANNELS} channels and ${PAYMENTS} payments`);
    const [generated, genMs] = await timed(() => generateDataset(em, CHANNELS, PAYMENTS));
    dataset = generated;
    log(`generated in ${seconds(genMs)} s`);
  } else log(`reusing the data set of ${CHANNELS} channels and ${PAYMENTS} payments`);

  if (ONLY === undefined) await benchPaymentCheck();
  // 2. KB statement import, including pairing and the channel refresh
  const file = generateKbStatement(LINES, CHANNELS);
  const insertStatement = async () =>
    (
      await execute<Array<{ id: number }>>(
        em,
        `insert into account_statement (type, administrative_unit_id, status) values ('account_kb', ?, 'queued') returning id`,
        [dataset!.unitId],
      )
    )[0]!.id;
  const newStatement = async () => {
    const id = await insertStatement();
    statements.push(id);
    return id;
  };
  const [imported, importMs] = await timed(async () => importStatement(em.fork(), await newStatement(), file));
  rows.push([
    `import of a ${LINES}-line KB statement (${(file.length / 1e6).toFixed(1)} MB), parse + insert + pairing`,
    `${Math.round(LINES / (importMs / 1000))} lines/s`,
    `${seconds(importMs)} s, ${imported.paymentsTotal} payments, ${imported.paymentsPaired} paired`,
  ]);
  const [reimported, reimportMs] = await timed(async () => importStatement(em.fork(), await newStatement(), file));
  rows.push([
    'the same file again (every line a duplicate)',
    `${Math.round(LINES / (reimportMs / 1000))} lines/s`,
    `${seconds(reimportMs)} s, ${reimported.duplicates} duplicates, ${reimported.paymentsTotal} booked`,
  ]);

  if (ONLY === undefined) await benchEmail();
} finally {
  if (values.reuse && statements.length) {
    // Leaves the data set as generated for the next --reuse run.
    await execute(em, 'delete from account_statement where id in (?)', [statements]);
    await execute(em, 'vacuum analyze payment');
  }
  await orm.close(true);
}

async function benchEmail() {
  // 3. E-mail throughput through the outbox, the relay, BullMQ and the worker, to a local SMTP sink
  const sink = await startSmtpSink({ parse: false });
  const prefix = `bench-${process.pid}`;
  const env = await withSecretKey(loadEnv({ SMTP_URL: sink.url, QUEUE_PREFIX: prefix, LOG_LEVEL: 'silent', SITE_NAME: 'Klub', WEB_URL: 'https://x.example/' }), orm, () => undefined);
  const mailer = createMailer(sink.url, { maxConnections: CONCURRENCY });
  const queues = createQueues(REDIS_URL, prefix);
  const quiet = pino({ level: 'silent' });
  const darujme: DarujmeClient = { pledges: () => Promise.reject(new Error('not in the benchmark')) };
  await execute(
    em,
    `insert into outbox_message (job_name, payload, created_at, available_at, attempts)
     select 'email.password-reset', jsonb_build_object('profileId', i, 'email', 'donor' || i || '@example.org',
            'username', 'donor' || i, 'from', 'Bench <bench@example.org>', 'uid', 'MQ', 'token', 'tok-' || i, 'lang', 'cs'),
            now(), now(), 0
       from generate_series(1, ?) i`,
    [EMAILS],
  );
  const started = performance.now();
  const relay = new OutboxRelay({ orm, queues, log: quiet, batchSize: 500, idleDelayMs: 20 });
  relay.start();
  const workers = startWorkers({
    deps: { orm, env, log: quiet, mailer, darujme },
    redisUrl: REDIS_URL,
    prefix,
    concurrency: { email: CONCURRENCY, payments: 1 },
  });
  await sink.waitFor(EMAILS, 600_000);
  for (;;) {
    const [row] = await execute<Array<{ n: number }>>(em, `select count(*)::int as n from sent_email where status = 'sent'`);
    if (row!.n >= EMAILS) break;
    await sleep(10);
  }
  const mailMs = performance.now() - started;
  rows.push([
    `e-mail: ${EMAILS} password resets, outbox → relay → BullMQ → worker (concurrency ${CONCURRENCY}) → SMTP sink`,
    `${Math.round(EMAILS / (mailMs / 1000))} msg/s`,
    `${seconds(mailMs)} s, ${sink.received} received`,
  ]);
  await Promise.all(workers.map((w) => w.close()));
  await relay.stop();
  await Promise.all(Object.values(queues).map((q) => q.obliterate({ force: true })));
  await closeQueues(queues);
  mailer.close();
  await sink.close();
}

async function benchPaymentCheck() {
  // 1. payments.check
  const [first, coldMs] = await timed(() => em.fork().transactional((tx) => checkPayments(tx)));
  rows.push([`payments.check, first run (${CHANNELS} channels, ${PAYMENTS} payments, all rows written)`, `${seconds(coldMs)} s`, `${first.updated} updated, ${first.becameLate} late`]);
  const [again, warmMs] = await timed(() => em.fork().transactional((tx) => checkPayments(tx)));
  rows.push(['payments.check, next run, nothing changed', `${seconds(warmMs)} s`, `${again.updated} updated`]);
  const later = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  const [shifted, laterMs] = await timed(() => em.fork().transactional((tx) => checkPayments(tx, { today: later })));
  rows.push(['payments.check, 30 days later (state changes recorded)', `${seconds(laterMs)} s`, `${shifted.updated} updated, ${shifted.becameLate} became late`]);

}

/** The ORM and data set of a previous run with the same sizes, or null (then everything is recreated). */
async function reuseDataset(): Promise<{ orm: MikroORM; dataset: Dataset } | null> {
  let orm: MikroORM;
  try {
    orm = await initOrm(DB_URL);
    await migrate(orm);
  } catch {
    return null;
  }
  // Statements a full run left behind (every statement of this database is the benchmark's own).
  const removed = await execute<Array<{ id: number }>>(orm.em.fork(), 'delete from account_statement returning id').catch(
    () => [],
  );
  if (removed.length > 0) await execute(orm.em.fork(), 'vacuum analyze payment');
  const [row] = await execute<Array<{ unit: number | null; account: number | null; channels: number; payments: number }>>(
    orm.em.fork(),
    `select (select id from administrative_unit where slug = 'bench-unit') as unit,
            (select id from money_account where slug = 'bench-bank') as account,
            (select count(*)::int from donor_payment_channel) as channels,
            (select count(*)::int from payment) as payments`,
  ).catch(() => []);
  if (row?.unit && row.account && row.channels === CHANNELS && row.payments === PAYMENTS) {
    return { orm, dataset: { unitId: row.unit, bankAccountId: row.account, channels: CHANNELS, payments: PAYMENTS } };
  }
  await orm.close(true);
  return null;
}

const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]!.length), ['benchmark', 'result', 'detail'][i]!.length));
const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
console.log(line(['benchmark', 'result', 'detail']));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const r of rows) console.log(line(r));
const [load1] = (await import('node:os')).loadavg();
console.log(`\nmachine: ${(await import('node:os')).cpus().length} cores, load average ${load1!.toFixed(1)} at the end of the run`);
// Pooled connections (SMTP, Redis) may linger for a moment; the figures are printed.
process.exit(0);

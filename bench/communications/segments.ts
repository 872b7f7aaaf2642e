/**
 * `pnpm bench:segments` — issue 19 §1: count and first page of saved-segment rules on
 * 100,000 people / 2,000,000 payments (see README.md). Not a test: it prints figures. Recreates
 * BENCH_DATABASE_URL (default klub_bench_segments); `--reuse` keeps the data set of a previous run.
 */
import { parseArgs } from 'node:util';
import type { TSegmentRule } from '@klub/contracts';
import { initOrm } from '@klub/db';
import { execute, prepareTestDatabase } from '@klub/db/testing';
import { checkPayments, countSegment, segmentMembers } from '@klub/domain';
import { generateDataset } from '../worker/data.js';

const { values } = parseArgs({
  options: {
    people: { type: 'string', default: '100000' },
    payments: { type: 'string', default: '2000000' },
    runs: { type: 'string', default: '5' },
    reuse: { type: 'boolean', default: false },
  },
});
const DB_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/klub_bench_segments';
const log = (s: string) => console.error(`… ${s}`);

const orm = values.reuse ? await initOrm(DB_URL) : await prepareTestDatabase(DB_URL);
const em = orm.em.fork();
if (!values.reuse) {
  log(`generating ${values.people} people, ${values.payments} payments`);
  await generateDataset(em, Number(values.people), Number(values.payments));
  // What the conditions look at beyond payments: sex, language, city, birth year, e-mail, unit
  // membership with the mailing preference, a registration interaction for every 20th person.
  await execute(
    em,
    `update profile set sex = (array['male','female','unknown'])[1 + id % 3], language = case when id % 5 = 0 then 'en' else 'cs' end,
            city = (array['Praha','Brno','Ostrava','Plzeň'])[1 + id % 4], age_group = 1940 + id % 70,
            email = case when id % 10 <> 0 then 'p' || id || '@example.org' end,
            created = now() - make_interval(days => id % 2000)`,
  );
  await execute(em, `insert into profile_administrative_units (profile_id, administrative_unit_id) select p.id, u.id from profile p, administrative_unit u`);
  await execute(
    em,
    `insert into preference (user_id, administrative_unit_id, send_mailing_lists, newsletter_on, call_on, challenge_on, letter_on, public)
     select p.id, u.id, p.id % 7 <> 0, false, false, false, false, true from profile p, administrative_unit u`,
  );
  log('payments.check (expected dates, late flags)');
  await checkPayments(em);
  await execute(em, 'analyze');
}
const [unit] = await execute<Array<{ id: number }>>(em, 'select min(id) as id from administrative_unit');
const [people] = await execute<Array<{ n: number; payments: number }>>(
  em,
  'select (select count(*)::int from profile) as n, (select count(*)::int from payment) as payments',
);

const RULES: Record<string, TSegmentRule> = {
  'generous in the last year (sum ≥ 5,000)': { type: 'donated_total', min: 5000, period: { from: { days_ago: 365 } } },
  'late regular donors with consent and e-mail': {
    all: [{ type: 'regular_donation_late' }, { type: 'mailing_consent', unit: unit!.id }, { type: 'has_email' }],
  },
  'women or English speakers 30–50, ≥ 3 payments, none in 90 days': {
    all: [
      { any: [{ type: 'sex', sex: ['female'] }, { type: 'language', language: ['en'] }] },
      { type: 'age', min: 30, max: 50 },
      { type: 'payment_count', min: 3 },
      { not: { type: 'last_payment', after: { days_ago: 90 } } },
    ],
  },
  'first payment in the last 30 days': { type: 'first_payment', period: { from: { days_ago: 30 } } },
  'monthly 200–500 Kč in Praha': {
    all: [{ type: 'frequency', frequency: ['monthly'] }, { type: 'regular_amount', min: 200, max: 500 }, { type: 'city', city: 'Praha' }],
  },
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`\n${people!.n} people, ${people!.payments} payments; median of ${values.runs} runs, no cache, no writes meanwhile\n`);
console.log('| segment | members | count (ms) | first page of 10 + count (ms) |');
console.log('|---|---|---|---|');
for (const [name, rule] of Object.entries(RULES)) {
  const counts: number[] = [];
  const pages: number[] = [];
  let n = 0;
  for (let i = 0; i < Number(values.runs); i++) {
    let t = performance.now();
    n = await countSegment(orm.em.fork(), rule);
    counts.push(performance.now() - t);
    t = performance.now();
    await segmentMembers(orm.em.fork(), rule, { limit: 10, offset: 0 });
    pages.push(performance.now() - t);
  }
  console.log(`| ${name} | ${n} | ${median(counts).toFixed(0)} | ${median(pages).toFixed(0)} |`);
}
await orm.close();

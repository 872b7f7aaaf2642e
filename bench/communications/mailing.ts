/**
 * `pnpm bench:mailing` — issue 19 §2: one mailing to 50,000 people through the real worker code
 * (outbox → relay → BullMQ → `mailing.send`: fix recipients, claim, fill in the react-email frame
 * rendered once per language, send, record the copy and its interaction) to a local SMTP sink.
 * Not a test: it prints figures. Recreates BENCH_DATABASE_URL (default klub_bench_mailing).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { loadEnv } from '@klub/config';
import { withSecretKey } from '@klub/db';
import { execute, prepareTestDatabase } from '@klub/db/testing';
import { createMailing, sendMailing, type DarujmeClient } from '@klub/domain';
import { createMailer } from '@klub/emails';
import { startSmtpSink } from '@klub/emails/testing';
import { OutboxRelay } from '../../apps/worker/src/outbox-relay.js';
import { closeQueues, createQueues } from '../../apps/worker/src/queues.js';
import { startWorkers } from '../../apps/worker/src/runtime.js';

const { values } = parseArgs({
  options: {
    recipients: { type: 'string', default: '50000' },
    rate: { type: 'string', default: '10000' },
    connections: { type: 'string', default: '16' },
  },
});
const N = Number(values.recipients);
const DB_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/klub_bench_mailing';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

const orm = await prepareTestDatabase(DB_URL);
const em = orm.em.fork();
const [unit] = await execute<Array<{ id: number }>>(em, `insert into administrative_unit (name, slug, from_email_str) values ('Bench', 'bench', 'Bench <b@example.org>') returning id`);
await execute(
  em,
  `with p as (insert into profile (kind, username, email, first_name, last_name, sex, language)
              select 'user', 'b' || i, 'b' || i || '@example.org', 'Jméno' || i, 'Příjmení', (array['male','female','unknown'])[1 + i % 3],
                     case when i % 5 = 0 then 'en' else 'cs' end
                from generate_series(1, ?) i returning id),
        m as (insert into profile_administrative_units (profile_id, administrative_unit_id) select id, ? from p)
   insert into preference (user_id, administrative_unit_id, send_mailing_lists, newsletter_on, call_on, challenge_on, letter_on, public)
   select id, ?, true, false, false, false, false, true from p`,
  [N, unit!.id, unit!.id],
);
const [segmentRow] = await execute<Array<{ id: number }>>(
  em,
  `insert into segment (name, rule) values ('all with consent', ?::jsonb) returning id`,
  [JSON.stringify({ type: 'mailing_consent', unit: unit!.id })],
);
await execute(em, 'analyze');
const mailing = await createMailing(
  em,
  {
    name: 'Bench',
    administrative_unit: unit!.id,
    subject_cs: 'Novinky pro {{first_name}}',
    body_cs: '{{salutation}},\n\nděkujeme, {{first_name}} {{last_name}}. Byl{|a} jste s námi: letos {{total_this_year}} Kč.\n\n{{unit_name}}',
    subject_en: 'News for {{first_name}}',
    body_en: '{{salutation}},\n\nthank you, {{first_name}}.',
    segment: segmentRow!.id,
    profiles: [],
  },
  null,
);

const sink = await startSmtpSink({ parse: false });
const prefix = `bench-mailing-${process.pid}`;
const env = await withSecretKey(
  loadEnv({ SMTP_URL: sink.url, QUEUE_PREFIX: prefix, LOG_LEVEL: 'silent', MAILING_RATE: values.rate }),
  orm,
  () => undefined,
);
const mailer = createMailer(sink.url, { maxConnections: Number(values.connections) });
const queues = createQueues(REDIS_URL, prefix);
const quiet = pino({ level: 'silent' });
const darujme: DarujmeClient = { pledges: () => Promise.reject(new Error('not in the benchmark')) };
const started = performance.now();
await sendMailing(orm.em.fork(), mailing.id, null);
const relay = new OutboxRelay({ orm, queues, log: quiet, batchSize: 500, idleDelayMs: 20 });
relay.start();
const workers = startWorkers({ deps: { orm, env, log: quiet, mailer, darujme }, redisUrl: REDIS_URL, prefix, concurrency: { mailing: 1 } });
let firstAt = 0;
for (;;) {
  if (!firstAt && sink.received > 0) firstAt = performance.now();
  const [row] = await execute<Array<{ status: string }>>(orm.em.fork(), 'select status from mailing where id = ?', [mailing.id]);
  if (row!.status === 'done') break;
  await sleep(50);
}
const ms = performance.now() - started;
const [check] = await execute<Array<{ sent: number; interactions: number }>>(
  orm.em.fork(),
  `select (select count(*)::int from mailing_recipient where status = 'sent') as sent, (select count(*)::int from interaction) as interactions`,
);
const [load] = (await import('node:os')).loadavg();
console.log(`\n${N} recipients (segment of ${N}), MAILING_RATE ${values.rate}, ${values.connections} SMTP connections, load average ${load!.toFixed(1)}\n`);
console.log('| measure | figure |');
console.log('|---|---|');
console.log(`| send (request → mailing done) | ${(ms / 1000).toFixed(1)} s |`);
console.log(`| fixing the recipients (request → first copy) | ${((firstAt - started) / 1000).toFixed(1)} s |`);
console.log(`| throughput, whole mailing | **${Math.round(N / (ms / 1000))} msg/s** |`);
console.log(`| received by the sink / recorded sent / interactions | ${sink.received} / ${check!.sent} / ${check!.interactions} |`);
await Promise.all(workers.map((w) => w.close()));
await relay.stop();
await Promise.all(Object.values(queues).map((q) => q.obliterate({ force: true })));
await closeQueues(queues);
mailer.close();
await sink.close();
await orm.close();

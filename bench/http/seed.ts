/**
 * `pnpm bench:seed` — fills the HTTP benchmark's database (BENCH_HTTP_DATABASE_URL, default
 * klub_bench_http on the local server; dropped and recreated) with issue 7's sizes: 5,000
 * events, 20,000 people, 200,000 payments, in set-based SQL (a few statements, ~20 s).
 * Also creates the benchmark's logins: `bench-admin` (staff, superuser, event organizer) and
 * `bench-member` (a paying member).
 */
import { parseArgs } from 'node:util';
import type { MikroORM } from '@mikro-orm/postgresql';
import { prepareTestDatabase } from '@klub/db/testing';
import { createUserAccount } from '@klub/domain';
import { BENCH_MEMBER, BENCH_PASSWORD, BENCH_USER, benchDatabaseUrl } from './config.js';

export interface SeedSizes {
  events: number;
  people: number;
  payments: number;
  units: number;
}

const STATEMENTS = (s: SeedSizes): string[] => [
  // A sender of its own per unit, as a configured installation has: the column's default
  // (domain.md) is a placeholder that SMTP servers refuse, and no sign-up e-mail would go out.
  `insert into administrative_unit (name, slug, city, level, from_email_str)
     select 'Unit ' || g, 'unit-' || g, (array['Praha','Brno','Ostrava','Plzeň','Olomouc'])[1 + g % 5], 'club',
            'Unit ' || g || ' <unit-' || g || '@klub.example>'
     from generate_series(1, ${s.units}) g`,
  `insert into money_account (kind, administrative_unit_id, slug, bank_account_number)
     select 'bank', id, 'account-' || id, '10' || lpad(id::text, 6, '0') || '/0100' from administrative_unit`,
  `insert into event_type (name, slug, administrative_unit_id)
     select 'Type ' || id, 'type-' || id, id from administrative_unit`,
  `insert into event (name, slug, public_on_web, enable_registration, datetime_from, datetime_to, start_date,
                      event_type_id, program, intended_for, basic_purpose, description, invitation_text_short)
     select 'Event ' || g || ' ' || (array['Úklid břehů','Cyklojízda','Přednáška','Tábor','Workshop'])[1 + g % 5],
            'event-' || g, g % 10 <> 0, g % 3 = 0,
            now() + ((g - 2500) || ' hours')::interval, now() + ((g - 2498) || ' hours')::interval,
            now() + ((g - 2500) || ' hours')::interval,
            1 + g % ${s.units}, (array['zmj','dpnk','lab',''])[1 + g % 4], 'everyone', 'action',
            repeat('Popis akce. ', 20), 'Pojďte s námi!'
     from generate_series(1, ${s.events}) g`,
  `insert into event_administrative_units (event_id, administrative_unit_id)
     select id, 1 + id % ${s.units} from event`,
  `insert into profile (kind, username, email, first_name, last_name, city, is_active, date_joined)
     select 'user', 'person' || g, 'person' || g || '@example.org',
            (array['Jan','Petra','Tomáš','Eva','Jiří','Lucie','Pavel','Jana'])[1 + g % 8],
            (array['Novák','Svobodová','Dvořák','Černá','Procházka','Kučerová','Veselý','Horáková'])[1 + (g / 8) % 8] || ' ' || g,
            (array['Praha','Brno','Ostrava'])[1 + g % 3], true, now() - (g || ' minutes')::interval
     from generate_series(1, ${s.people}) g`,
  `insert into profile_email (email, is_primary, user_id) select email, true, id from profile where email is not null`,
  `insert into profile_administrative_units (profile_id, administrative_unit_id)
     select id, 1 + id % ${s.units} from profile`,
  `insert into donor_payment_channel (vs, user_id, money_account_id, administrative_unit_id, event_id, regular_amount,
                                      regular_frequency, expected_date_of_first_payment)
     select lpad(p.id::text, 10, '0'), p.id, 1 + p.id % ${s.units}, 1 + p.id % ${s.units}, 1 + p.id % ${s.events},
            100 * (1 + p.id % 10), 'monthly', current_date - 700
     from profile p`,
  `insert into payment (date, amount, vs, type, user_donor_payment_channel_id, recipient_account_id, account_name)
     select current_date - (g % 720), 100 * (1 + g % 10), c.vs, 'bank-transfer', c.id, c.money_account_id, 'Donor ' || c.user_id
     from generate_series(1, ${s.payments}) g
     join donor_payment_channel c on c.id = 1 + g % ${s.people}`,
  `insert into interaction (user_id, event_id, administrative_unit_id, type_id, subject, date_from, summary)
     select p.id, 1 + (p.id * 7) % ${s.events}, 1 + p.id % ${s.units},
            (select id from interaction_type order by id limit 1), 'Registrace', now(), ''
     from profile p`,
  'analyze',
];

export async function seed(orm: MikroORM, sizes: SeedSizes): Promise<void> {
  const conn = orm.em.getConnection();
  for (const sql of STATEMENTS(sizes)) await conn.execute(sql);
  await createUserAccount(orm.em.fork(), {
    username: BENCH_USER,
    email: 'bench-admin@example.org',
    password: BENCH_PASSWORD,
    isStaff: true,
    isSuperuser: true,
    roles: ['event_organizer'],
    firstName: 'Bench',
    lastName: 'Admin',
  });
  // A paying member (not staff, so /api/check_last_payment/ really sums their payments).
  const member = await createUserAccount(orm.em.fork(), { username: BENCH_MEMBER, email: 'bench-member@example.org', password: BENCH_PASSWORD });
  await conn.execute(
    `insert into donor_payment_channel (vs, user_id, money_account_id, administrative_unit_id, event_id, regular_amount, regular_frequency)
       values ('9999999999', ?, 1, 1, 1, 500, 'monthly')`,
    [member.id],
  );
  await conn.execute(
    `insert into payment (date, amount, vs, type, user_donor_payment_channel_id)
       select current_date - 30 * g, 500, '9999999999', 'bank-transfer', (select id from donor_payment_channel where vs = '9999999999')
       from generate_series(0, 23) g`,
  );
}

const isMain = import.meta.url === `file://${process.argv[1]}`;
if (isMain) {
  const { values } = parseArgs({
    options: {
      events: { type: 'string', default: '5000' },
      people: { type: 'string', default: '20000' },
      payments: { type: 'string', default: '200000' },
      units: { type: 'string', default: '20' },
    },
  });
  const sizes = { events: Number(values.events), people: Number(values.people), payments: Number(values.payments), units: Number(values.units) };
  const url = benchDatabaseUrl();
  const started = performance.now();
  const orm = await prepareTestDatabase(url);
  try {
    await seed(orm, sizes);
  } finally {
    await orm.close();
  }
  console.log(
    `seeded ${new URL(url).pathname.slice(1)}: ${sizes.events} events, ${sizes.people} people, ${sizes.payments} payments in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}

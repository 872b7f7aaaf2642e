import type { EntityManager } from '@mikro-orm/postgresql';
import { execute } from '@klub/db/testing';

export interface Dataset {
  unitId: number;
  bankAccountId: number;
  channels: number;
  payments: number;
}

/**
 * The payment-check data set, generated in SQL: one unit with a bank account and 100 events,
 * `channels` profiles each with one donor channel (mixed frequencies, 90 % regular, some without
 * a first-payment date), and `payments` paired payments spread over the last two years.
 */
export async function generateDataset(em: EntityManager, channels: number, payments: number): Promise<Dataset> {
  const [unit] = await execute<Array<{ id: number }>>(
    em,
    `insert into administrative_unit (name, slug) values ('Bench unit', 'bench-unit') returning id`,
  );
  const unitId = unit!.id;
  const [account] = await execute<Array<{ id: number }>>(
    em,
    `insert into money_account (kind, administrative_unit_id, slug, bank_account_number)
     values ('bank', ?, 'bench-bank', '999-99999999/0100') returning id`,
    [unitId],
  );
  await execute(
    em,
    `insert into event (name, slug) select 'Bench event ' || i, 'bench-event-' || i from generate_series(1, 100) i`,
  );
  await execute(em, `insert into profile (kind, username) select 'user', 'bench' || i from generate_series(1, ?) i`, [
    channels,
  ]);
  await execute(
    em,
    `insert into donor_payment_channel (vs, user_id, event_id, money_account_id, administrative_unit_id, regular_frequency,
                                        regular_payments, regular_amount, expected_date_of_first_payment, registered_support)
     select lpad(p.rn::text, 10, '0'), p.id, (select min(id) from event) + (p.rn % 100), ?, ?,
            (array['monthly', 'monthly', 'monthly', 'quaterly', 'biannually', 'annually', null])[1 + p.rn % 7],
            case when p.rn % 10 = 0 then 'onetime' else 'regular' end,
            100 + (p.rn % 20) * 50,
            case when p.rn % 5 = 0 then null else current_date - 800 + (p.rn % 700) end,
            now() - make_interval(days => 800 - (p.rn % 700))
       from (select id, (row_number() over (order by id))::int as rn from profile where username like 'bench%') p`,
    [account!.id, unitId],
  );
  await execute(
    em,
    `insert into payment (date, amount, type, user_donor_payment_channel_id, account, bank_code, ss, ks, our_note,
                          user_identification, done_by, account_name, bank_name, custom_fields, created, updated)
     select current_date - ((g::bigint * 7919) % 730)::int, 100 + (g % 900)::int, 'bank-transfer', c.id, '', '', '', '', '', '', '', '', '',
            '{}', now(), now()
       from generate_series(0, ?::int - 1) g
       join (select id, row_number() over (order by id) - 1 as k from donor_payment_channel) c on c.k = g % ?`,
    [payments, channels],
  );
  await execute(em, 'analyze');
  return { unitId, bankAccountId: account!.id, channels, payments };
}

/** A Komerční banka statement (jobs.md §6.4) of `lines` incoming payments; about half carry a VS of an existing channel. */
export function generateKbStatement(lines: number, channels: number, seed = 0): Buffer {
  const out: string[] = [
    'MojeBanka; export transakcni historie;;;;;;;;;;;;;;;;;;',
    'Datum vytvoreni souboru;13.9.2024;;;;;;;;;;;;;;;;;;',
    ';;;;;;;;;;;;;;;;;;;',
    'Cislo uctu;999-99999999 CZK;;;;;;;;;;;;;;;;;;',
    'IBAN;CZ9323792372863263232;;;;;;;;;;;;;;;;;;',
    'Nazev uctu;BENCH;;;;;;;;;;;;;;;;;;',
    'Vlastni nazev uctu;;;;;;;;;;;;;;;;;;;',
    'Vypis za obdobi;1.1.2024;;;;;;;;;;;;;;;;;;',
    ';31.12.2024;;;;;;;;;;;;;;;;;;',
    'Cislo vypisu;1;;;;;;;;;;;;;;;;;;',
    'Predchozi vypis ze dne;31.12.2023;;;;;;;;;;;;;;;;;;',
    `Pocet polozek;${lines};;;;;;;;;;;;;;;;;;`,
    'Pocatecni zustatek;100;0;;;;;;;;;;;;;;;;;',
    'Celkem odepsano (-);0;;;;;;;;;;;;;;;;;;',
    'Celkem pripsano (+);1100;0;;;;;;;;;;;;;;;;;',
    'Konecny zustatek;1200;0;;;;;;;;;;;;;;;;;',
    'Datum splatnosti;Datum odepsani z jine banky;Protiucet/Kod banky;Nazev protiuctu;Castka;Originalni castka;Originalni mena;Kurz;VS;KS;SS;Identifikace transakce;Systemovy popis;Popis prikazce;Popis pro prijemce;AV pole 1;AV pole 2;AV pole 3;AV pole 4;',
  ];
  for (let i = 0; i < lines; i++) {
    const day = 1 + (i % 28);
    const month = 1 + (Math.floor(i / 28) % 12);
    const vs = i % 2 === 0 ? String(1 + ((i * 7) % channels)).padStart(10, '0') : String(900000000 + i);
    const amount = `${100 + (i % 900)},${String(i % 100).padStart(2, '0')}`;
    out.push(
      `${day}.${month}.2024;;${10000 + i}-${200000 + seed + (i % 9973)}/0800;Donor ${i};${amount};0;;;${vs};0308;${i % 1000};;SYS${i};Prichozi uhrada;Dar ${i};AV${i};;;;`,
    );
  }
  return Buffer.from(`${out.join('\n')}\n`, 'latin1');
}

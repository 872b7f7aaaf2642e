import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { pragueToday } from '@klub/contracts';
import { addDays } from '@klub/domain';
import { useKlubApp, type KlubApp } from '../helpers/klub-app.js';

/**
 * The hot reads answered from PostgreSQL's JSON text (src/reads/fast-reads.ts) must answer
 * exactly what their procedures answer: the same status, headers and bytes, for the values that
 * are hard to write alike (instants with and without milliseconds, summer and winter, before
 * 1900; floats small, large, negative zero; file paths needing escapes; control characters,
 * quotes and non-ASCII text; units in any order) and for every request they hand on (filters,
 * 404s, bad pages, credentials).
 */

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A GET with a fixed Host header (pagination links and file URLs are built from it). */
function get(base: string, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { method, headers: { host: 'klub.test', accept: 'application/json', ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const { date: _d, 'x-request-id': _r, ...rest } = res.headers;
        resolve({ status: res.statusCode ?? 0, headers: rest, body: Buffer.concat(chunks).toString('utf8') });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

const answered: string[] = [];

describe('fast reads answer byte for byte what their procedures answer (issue 21)', () => {
  const fast = useKlubApp({ RESPONSE_CACHE_MB: '0' }, () => ({ fastReads: { answered: (p: string) => answered.push(p) } }));
  const slow = useKlubApp({ RESPONSE_CACHE_MB: '0' }, () => ({ fastReads: false }));

  async function seed(app: KlubApp): Promise<{ ids: number[]; hidden: number; old: number; tiny: number }> {
    const em = app.em();
    const sql = (text: string, params: unknown[] = []) => em.getConnection().execute(text, params);
    await sql(`insert into administrative_unit (id, name, slug, city, level, web_url, gps_latitude, gps_longitude) values
      (501, 'Brno "střed"', 'u501', 'Brno', 'club', 'https://brno.example/', 49.1951, 16.6068),
      (502, 'Praha', 'u502', 'Praha', 'club', null, -0.0, 1e14),
      (503, E'Ostrava\\ttab\\u0001', 'u503', 'Ostrava', 'club', null, null, 0.0001)`);
    const president = await app.user({ firstName: 'Jana', lastName: 'Nováková' });
    await sql(`update administrative_unit set president_id = ?, manager_id = ? where id = 501`, [president.id, president.id]);
    await sql(`insert into event_type (id, name, slug, administrative_unit_id) values (601, 'Tábor', 'tabor', 501)`);
    await sql(`insert into location (id, name, place, region, gps_latitude, gps_longitude) values
      (701, 'Chata', 'Horní Dolní', 'Vysočina', 50.0870001, -14.4213)`);
    const rows = (await sql(`insert into event (name, slug, public_on_web, datetime_from, datetime_to, start_date, event_type_id,
        location_id, program, intended_for, basic_purpose, diet, main_photo, additional_photo_3, participation_fee,
        public_on_web_date_from, invitation_text_1, age_from, working_hours) values
      ('Álej "úklid"', 'e1', true, '2026-07-01T08:30:00.123456Z', '2026-07-01T10:00:00Z', null, 601, 701, 'lab', 'everyone', 'action',
        '{"vegan","gluten_free"}', 'events/ž tábor (1).jpg', 'events/a+b&c#d?.png', '150 Kč', '2026-01-31', E'řádek\\nřádek', 5, 8),
      ('beta', 'e2', true, '2026-01-15T23:59:59.999Z', null, '2026-01-15T00:00:00.001Z', null, null, '', 'everyone', 'action',
        '{}', null, null, '', null, '', null, null),
      ('Cyklo', 'e3', true, '2026-03-29T00:30:00Z', '2026-10-25T01:30:00Z', '2026-03-29T01:00:00Z', 601, null, 'zmj', 'everyone', 'action',
        '{}', '', null, '', null, '', null, null)
      returning id`)) as Array<{ id: number }>;
    const ids = rows.map((r) => r.id);
    await sql(`insert into event_administrative_units (event_id, administrative_unit_id) values (?, 502), (?, 501), (?, 503)`, [ids[0], ids[0], ids[1]]);
    for (let i = 0; i < 23; i++) {
      await sql(`insert into event (name, slug, public_on_web, datetime_from, program, intended_for, basic_purpose, diet)
        values (?, ?, true, now() - (? || ' days')::interval, '', 'everyone', 'action', '{}')`, [`Bulk ${i}`, `bulk-${i}`, i]);
    }
    const [hidden] = (await sql(`insert into event (name, slug, public_on_web, program, intended_for, basic_purpose, diet)
      values ('hidden', 'hidden', false, '', 'everyone', 'action', '{}') returning id`)) as Array<{ id: number }>;
    const [old] = (await sql(`insert into event (name, slug, public_on_web, datetime_from, program, intended_for, basic_purpose, diet)
      values ('zz old', 'old', true, '1880-05-01T12:00:00Z', '', 'everyone', 'action', '{}') returning id`)) as Array<{ id: number }>;
    const [tiny] = (await sql(`insert into location (name, gps_latitude) values ('tiny', 0.00001) returning id`)) as Array<{ id: number }>;
    // Statistics of the first event: two donors' channels, payments, a registration.
    const donor = await app.user();
    const other = await app.user();
    await sql(`insert into money_account (id, kind, administrative_unit_id, slug, bank_account_number) values (801, 'bank', 501, 'acc', '1/0100')`);
    await sql(`insert into donor_payment_channel (id, vs, user_id, money_account_id, administrative_unit_id, event_id, regular_amount,
        regular_frequency, expected_date_of_first_payment) values
      (901, '111', ?, 801, 501, ?, 100, 'monthly', current_date), (902, '112', ?, 801, 501, ?, 100, 'monthly', current_date)`,
      [donor.id, ids[0], other.id, ids[0]]);
    await sql(`insert into payment (date, amount, vs, type, user_donor_payment_channel_id, recipient_account_id)
      values (?, 250, '111', 'bank-transfer', 901, 801), (?, 70, '112', 'bank-transfer', 902, 801)`, [addDays(pragueToday(), -3), addDays(pragueToday(), -500)]);
    await sql(`insert into interaction (user_id, event_id, administrative_unit_id, type_id, subject, date_from, summary)
      select ?, ?, 501, min(id), 'x', now(), '' from interaction_type`, [donor.id, ids[0]]);
    return { ids, hidden: hidden!.id, old: old!.id, tiny: tiny!.id };
  }

  it('the same answers for the lists, the details, the units and check_last_payment', async () => {
    answered.length = 0;
    const { ids, hidden, old, tiny } = await seed(fast);
    const [typeId] = await fast.em().getConnection().execute<Array<{ id: number }>>('select min(id) as id from interaction_type');
    const member = await fast.user();
    const staff = await fast.user({ isStaff: true });
    const payer = await fast.user();
    await fast.em().getConnection().execute(
      `insert into donor_payment_channel (vs, user_id, money_account_id, administrative_unit_id, event_id, regular_amount, regular_frequency,
         expected_date_of_first_payment) values ('555', ?, 801, 501, ?, 100, 'monthly', current_date)`, [payer.id, ids[1]]);
    await fast.em().getConnection().execute(
      `insert into payment (date, amount, vs, type, user_donor_payment_channel_id, recipient_account_id)
       select ?, 100, '555', 'bank-transfer', id, 801 from donor_payment_channel where vs = '555'`, [addDays(pragueToday(), -1)]);
    const bearer = (t: string) => ({ authorization: `Bearer ${t}` });
    const requests: Array<[string, Record<string, string>?, string?]> = [
      ['/api/event/'],
      ['/api/event'],
      ['/api/bronto/event/'],
      ['/api/event/?page=2'],
      ['/api/event/?page=3'],
      ['/api/bronto/event/?page=2&page_size=4'],
      ['/api/event/?page_size=1000'],
      ['/api/event/?page_size=0'],
      ['/api/event/?page_size=abc'],
      ['/api/event/?page=%2B2'],
      ['/api/event/?page=4'],
      ['/api/event/?page=0'],
      ['/api/event/?page=last'],
      ['/api/event/?page=1&page=2'],
      ['/api/event/?program=lab'],
      ['/api/event/?ordering=-name'],
      ['/api/event/', { 'accept-language': 'en' }],
      ['/api/event/', bearer('not-a-token')],
      ['/api/event/', { 'x-forwarded-proto': 'https' }],
      ['/api/event/', {}, 'HEAD'],
      [`/api/event/${ids[0]}/`],
      [`/api/bronto/event/${ids[0]}/`],
      [`/api/event/${ids[0]}`],
      [`/api/event/${ids[0]}/?interaction_type_id=${typeId!.id}`],
      [`/api/event/${ids[0]}/?interaction_type_id=abc`],
      [`/api/event/${ids[0]}/?interaction_type_id=%20${typeId!.id}`],
      [`/api/event/${ids[1]}/`],
      [`/api/event/${ids[2]}/`],
      [`/api/event/${hidden}/`],
      [`/api/event/${old}/`],
      ['/api/event/999999/'],
      ['/api/event/0/'],
      ['/api/event/abc/'],
      [`/api/event/${ids[0]}/`, { 'accept-language': 'en' }, 'HEAD'],
      ['/api/administrative_unit/'],
      ['/api/bronto/administrative_unit/'],
      ['/api/administrative_unit'],
      ['/api/administrative_unit/', bearer(member.access)],
      ['/api/check_last_payment/', bearer(member.access)],
      ['/api/check_last_payment/', bearer(staff.access)],
      ['/api/check_last_payment/', bearer(payer.access)],
      ['/api/check_last_payment', bearer(payer.access)],
      ['/api/check_last_payment/'],
      ['/api/check_last_payment/', bearer('a.b.c')],
      ['/api/check_last_payment/', { ...bearer(payer.access), 'accept-language': 'en' }],
    ];
    for (const [path, headers, method] of requests) {
      const [a, b] = [await get(fast.url, path, headers, method), await get(slow.url, path, headers, method)];
      expect({ path, method, ...a }).toEqual({ path, method, ...b });
    }
    // A location with a float JavaScript writes differently is answered by the procedure.
    await fast.em().getConnection().execute('update event set location_id = ? where id = ?', [tiny, ids[2]]);
    const [a, b] = [await get(fast.url, `/api/event/${ids[2]}/`), await get(slow.url, `/api/event/${ids[2]}/`)];
    expect(a).toEqual(b);
    expect(a.body).toContain('"gps_latitude":0.00001');
    // The fast path did answer the plain requests (not only hand them on).
    expect(new Set(answered)).toEqual(
      new Set(['public.events.list', 'public.events.retrieve', 'public.administrativeUnits.list', 'account.checkLastPayment.retrieve']),
    );
    expect(answered.length).toBeGreaterThanOrEqual(20);
  });
});

import { beforeEach, describe, expect, it } from 'vitest';
import { Preference, Telephone } from '@klub/db';
import { makeDonorPaymentChannel, makeMoneyAccount, makePayment, makeProfile, makeUnit } from '@klub/db/testing';
import { useKlubApp, type KlubApp } from '../helpers/klub-app.js';
import { caller, EN, superuser } from './helpers.js';

type Row = {
  id: number;
  last_name: string;
  variable_symbols: string[];
  regular: boolean;
  late: boolean;
  last_payment_date: string | null;
  payment_total: number;
};
type Page = { count: number; next: string | null; previous: string | null; results: Row[] };

/** Three people: Jana (regular, late, Prague unit, consent, paid in May), Petr (one-off, paid in March), Eva (nothing). */
async function arrange(app: KlubApp) {
  const em = app.em();
  const prague = await makeUnit(em, { name: 'Praha' });
  const brno = await makeUnit(em, { name: 'Brno' });
  const account = await makeMoneyAccount(em, { administrativeUnit: prague });
  const jana = await makeProfile(em, {
    firstName: 'Jana',
    lastName: 'Nováková',
    email: 'jana@example.cz',
    administrativeUnits: [prague],
  });
  const petr = await makeProfile(em, {
    firstName: 'Petr',
    lastName: 'Šťastný',
    email: 'petr@example.cz',
    administrativeUnits: [brno],
  });
  const eva = await makeProfile(em, { firstName: 'Eva', lastName: 'Adamová', email: 'eva@example.cz' });
  em.create(Telephone, { telephone: '+420 777 123 456', isPrimary: true, user: jana });
  em.create(Preference, { user: jana, administrativeUnit: prague, sendMailingLists: true });
  em.create(Preference, { user: petr, administrativeUnit: brno, sendMailingLists: false });
  await em.flush();
  const janaChannel = await makeDonorPaymentChannel(em, {
    vs: '1234567890',
    user: jana,
    moneyAccount: account,
    regularPayments: 'regular',
    isLate: true,
  });
  const petrChannel = await makeDonorPaymentChannel(em, {
    vs: '5550001',
    user: petr,
    moneyAccount: account,
    regularPayments: 'onetime',
  });
  await makePayment(em, { userDonorPaymentChannel: janaChannel, date: '2026-04-10', amount: 200 });
  await makePayment(em, { userDonorPaymentChannel: janaChannel, date: '2026-05-10', amount: 300 });
  await makePayment(em, { userDonorPaymentChannel: petrChannel, date: '2026-03-01', amount: 1000 });
  return { jana: jana.id, petr: petr.id, eva: eva.id, prague: prague.id };
}

describe('GET /api/admin/people/ (issue 18, the back office’s people list)', () => {
  const app = useKlubApp();

  let headers: Record<string, string>;
  // After useKlubApp's own beforeEach, which empties the database.
  beforeEach(async () => {
    headers = (await superuser(app)).headers;
  });

  const list = async (query: string): Promise<Page> => {
    const res = await caller(app, headers)('GET', `/api/admin/people/?${query}`);
    expect(res.status, res.text).toBe(200);
    return res.body as Page;
  };
  const ids = (page: Page) => page.results.map((r) => r.id);

  it('finds people by e-mail, name without accents, phone digits and VS', async () => {
    const p = await arrange(app);
    expect(ids(await list('search=JANA@example'))).toEqual([p.jana]);
    expect(ids(await list('search=stastny'))).toEqual([p.petr]);
    expect(ids(await list('search=777123456'))).toEqual([p.jana]);
    expect(ids(await list('search=%2B420%20777%20123'))).toEqual([p.jana]);
    expect(ids(await list('search=5550001'))).toEqual([p.petr]);
    // A VS matches whole, not in part.
    expect(ids(await list('search=555000'))).toEqual([]);
    // Every word must match.
    expect(ids(await list('search=jana%20brno'))).toEqual([]);
  });

  it('answers each person with donations summed and their last payment, ordered by last name', async () => {
    const p = await arrange(app);
    const page = await list('search=example.cz');
    expect(page.count).toBe(3);
    expect(page.results.map((r) => r.last_name)).toEqual(['Adamová', 'Nováková', 'Šťastný']);
    const jana = page.results.find((r) => r.id === p.jana)!;
    expect(jana).toMatchObject({
      first_name: 'Jana',
      email: 'jana@example.cz',
      telephone: '+420 777 123 456',
      administrative_units: [p.prague],
      variable_symbols: ['1234567890'],
      regular: true,
      late: true,
      last_payment_date: '2026-05-10',
      payment_total: 500,
    });
    expect(page.results.find((r) => r.id === p.eva)).toMatchObject({
      variable_symbols: [],
      regular: false,
      late: false,
      last_payment_date: null,
      payment_total: 0,
    });
  });

  it('filters by unit, regular donation, late, last payment between and consent', async () => {
    const p = await arrange(app);
    const only = 'search=example.cz&';
    expect(ids(await list(`${only}administrative_unit=${p.prague}`))).toEqual([p.jana]);
    expect(ids(await list(`${only}regular=true`))).toEqual([p.jana]);
    expect(ids(await list(`${only}regular=false`))).toEqual([p.eva, p.petr]);
    expect(ids(await list(`${only}late=true`))).toEqual([p.jana]);
    expect(ids(await list(`${only}last_payment_from=2026-02-01&last_payment_to=2026-04-30`))).toEqual([p.petr]);
    expect(ids(await list(`${only}last_payment_from=2026-05-01`))).toEqual([p.jana]);
    expect(ids(await list(`${only}mailing_consent=true`))).toEqual([p.jana]);
    expect(ids(await list(`${only}mailing_consent=false`))).toEqual([p.eva, p.petr]);
  });

  it('sorts by the allowed fields and pages on the server', async () => {
    const p = await arrange(app);
    expect(ids(await list('search=example.cz&ordering=-payment_total'))).toEqual([p.petr, p.jana, p.eva]);
    const first = await list('search=example.cz&ordering=first_name&page_size=2');
    expect(first.count).toBe(3);
    expect(ids(first)).toEqual([p.eva, p.jana]);
    expect(first.next).toMatch(/page=2/);
    expect(ids(await list('search=example.cz&ordering=first_name&page_size=2&page=2'))).toEqual([p.petr]);
  });

  it('answers a bad filter with a field error, and refuses callers who are not staff', async () => {
    const bad = await caller(app, headers)('GET', '/api/admin/people/?last_payment_from=yesterday&regular=maybe');
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({
      last_payment_from: ['Date has wrong format. Use one of these formats instead: YYYY-MM-DD.'],
      regular: ['Must be a valid boolean.'],
    });
    const member = await app.user({ username: 'member' });
    const refused = await app.api('/api/admin/people/', {
      headers: { authorization: `Bearer ${member.access}`, ...EN },
    });
    expect(refused.status).toBe(403);
  });

  it('shows unit staff only the people of the units they administer (issue 17 §1)', async () => {
    const p = await arrange(app);
    const clerk = await app.user({ username: 'clerk', isStaff: true });
    await app.em().getConnection().execute('insert into profile_administrated_units (profile_id, administrative_unit_id) values (?, ?)', [clerk.id, p.prague]);
    const asClerk = caller(app, { authorization: `Bearer ${clerk.access}`, ...EN });
    const page = (await asClerk('GET', '/api/admin/people/?search=example.cz')).body as Page;
    expect(ids(page)).toEqual([p.jana]);
    expect(page.count).toBe(1);
    expect((await asClerk('GET', `/api/admin/people/${p.jana}/preferences/`)).status).toBe(200);
    expect((await asClerk('GET', `/api/admin/people/${p.petr}/preferences/`)).status).toBe(404);
  });
});

describe('GET /api/admin/people/{id}/preferences/ (issue 18, the person’s preferences tab)', () => {
  const app = useKlubApp();

  it('answers the preferences per unit, and 404 for no such person', async () => {
    const { headers } = await superuser(app);
    const p = await arrange(app);
    const res = await caller(app, headers)('GET', `/api/admin/people/${p.jana}/preferences/`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      {
        id: expect.any(Number),
        administrative_unit: p.prague,
        newsletter_on: false,
        call_on: false,
        challenge_on: false,
        letter_on: false,
        send_mailing_lists: true,
        public: true,
      },
    ]);
    expect((await caller(app, headers)('GET', `/api/admin/people/${p.eva}/preferences/`)).body).toEqual([]);
    const missing = await caller(app, headers)('GET', '/api/admin/people/999999/preferences/');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ detail: 'Not found.' });
  });
});

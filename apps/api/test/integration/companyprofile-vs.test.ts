import { describe, expect, it } from 'vitest';
import { pragueToday } from '@klub/contracts';
import { makeEvent, makeMoneyAccount, makeUnit } from '@klub/db/testing';
import { addDays, crnProblems } from '@klub/domain';
import { useKlubApp } from '../helpers/klub-app.js';
import { bearer, counts, rows } from '../signups/helpers.js';

const PATH = '/api/companyprofile/vs/';

describe('POST /api/companyprofile/vs/ (api.md §9.4)', () => {
  const app = useKlubApp();

  async function setup() {
    const unit = await makeUnit(app.em());
    await makeMoneyAccount(app.em(), { administrativeUnit: unit, slug: 'bank_slug' });
    await makeEvent(app.em(), { slug: 'event_slug' });
    const client = await app.client('read write can_create_profiles');
    return { unit, headers: { ...bearer(client.token), 'accept-language': 'en' } };
  }

  it('checks the IČO like python-stdnum', () => {
    expect(crnProblems('63278260')).toEqual([]);
    expect(crnProblems('CZ 632 78 260')).toEqual([]);
    expect(crnProblems('1234567')).toHaveLength(1);
    expect(crnProblems('63278261')).toHaveLength(1);
    expect(crnProblems('96327826')).toHaveLength(1);
    expect(crnProblems('abc')).toEqual([
      'IČO není zadáno ve správném formátu. Zkontrolujte že číslo má osm číslic a případně ho doplňte nulami zleva.',
      'IČO musí být číslo',
    ]);
  });

  it('creates the company, its contact and channel, then reuses them by IČO (reference test)', async () => {
    const { unit, headers } = await setup();
    const base = { crn: '63278260', name: 'Company', money_account: 'bank_slug', event: 'event_slug', amount: 100, regular: true };
    const first = await app.api(PATH, { method: 'POST', headers, json: { ...base, email: 'Company@Test.com' } });
    expect(first).toMatchObject({ status: 200, body: { VS: '0000000001' } });
    expect(
      await rows(app, `select to_char(expected_date_of_first_payment, 'YYYY-MM-DD') as expected, regular_payments from donor_payment_channel`),
    ).toEqual([{ expected: addDays(pragueToday(), 3), regular_payments: 'regular' }]);
    const second = await app.api(PATH, {
      method: 'POST',
      headers,
      json: { ...base, name: 'Renamed', email: 'other@test.com', telephone: '777888999', street: 'Ulice 1', city: 'Brno', zip_code: '60200', contact_first_name: 'Eva' },
    });
    expect(second).toMatchObject({ status: 200, body: { VS: '0000000001' } });
    expect(await rows(app, 'select kind, name, crn, street, city, zip_code from profile')).toEqual([
      { kind: 'company', name: 'Company', crn: '63278260', street: 'Ulice 1', city: 'Brno', zip_code: '60200' },
    ]);
    expect(await rows(app, 'select email, telephone, contact_first_name, administrative_unit_id from company_contact order by id')).toEqual([
      { email: 'company@test.com', telephone: '', contact_first_name: '', administrative_unit_id: unit.id },
      { email: 'other@test.com', telephone: '777888999', contact_first_name: 'Eva', administrative_unit_id: unit.id },
    ]);
    // The same contact again adds no row; an address once set is kept.
    await app.api(PATH, { method: 'POST', headers, json: { ...base, email: 'company@test.com', street: 'Jiná 2' } });
    expect(await rows(app, 'select count(*)::int as n from company_contact')).toEqual([{ n: 2 }]);
    expect(await rows(app, 'select street from profile')).toEqual([{ street: 'Ulice 1' }]);
  });

  it('always creates a new company without an IČO', async () => {
    const { headers } = await setup();
    const json = { name: 'NoCrn', email: 'x@y.cz', money_account: 'bank_slug', event: 'event_slug', amount: 1 };
    const a = await app.api(PATH, { method: 'POST', headers, json });
    const b = await app.api(PATH, { method: 'POST', headers, json: { ...json, crn: '' } });
    expect([a.body, b.body]).toEqual([{ VS: '0000000001' }, { VS: '0000000002' }]);
    expect(await rows(app, `select count(*)::int as n from profile where kind = 'company'`)).toEqual([{ n: 2 }]);
  });

  it('answers 400 for an invalid IČO and other bad input, writing nothing', async () => {
    const { headers } = await setup();
    const before = await counts(app);
    expect(
      await app.api(PATH, { method: 'POST', headers, json: { crn: '1234567', name: 'X', email: 'x@y.cz', money_account: 'bank_slug', event: 'event_slug', amount: 1 } }),
    ).toMatchObject({
      status: 400,
      body: { crn: ['IČO není zadáno ve správném formátu. Zkontrolujte že číslo má osm číslic a případně ho doplňte nulami zleva.'] },
    });
    expect((await app.api(PATH, { method: 'POST', headers, json: { name: 'n'.repeat(181), email: 'x', money_account: 'bank_slug', event: 'event_slug', amount: -5 } })).body).toEqual({
      name: ['Ensure this field has no more than 180 characters.'],
      email: ['Enter a valid email address.'],
      amount: ['Ensure this value is greater than or equal to 0.'],
    });
    expect(await counts(app)).toEqual(before);
  });
});

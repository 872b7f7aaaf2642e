import { describe, expect, it } from 'vitest';
import { pragueToday } from '@klub/contracts';
import { makeEvent, makeMoneyAccount, makeUnit } from '@klub/db/testing';
import { addDays } from '@klub/domain';
import { useKlubApp } from '../helpers/klub-app.js';
import { bearer, counts, outbox, rows } from '../signups/helpers.js';

const PATH = '/api/userprofile/vs/';

describe('POST /api/userprofile/vs/ (api.md §9.3)', () => {
  const app = useKlubApp();

  async function setup() {
    const unit = await makeUnit(app.em());
    await makeMoneyAccount(app.em(), { administrativeUnit: unit, slug: 'bank_slug' });
    await makeEvent(app.em(), { slug: 'event_slug' });
    const client = await app.client('read write can_create_profiles');
    return { unit, headers: { ...bearer(client.token), 'accept-language': 'en' } };
  }

  it('creates the person and the channel, then returns the same VS and fills only empty fields (reference test)', async () => {
    const { unit, headers } = await setup();
    const first = await app.api(PATH, {
      method: 'POST',
      headers,
      json: {
        email: 'Test_User@test.coM',
        first_name: 'Test',
        last_name: 'User',
        telephone: '111222333',
        money_account: 'bank_slug',
        event: 'event_slug',
        amount: '111',
        regular: true,
      },
    });
    expect(first).toMatchObject({ status: 200, body: { VS: '0000000001' } });
    const [profile] = await rows<{ id: number }>(app, `select p.id from profile p join profile_email e on e.user_id = p.id where e.email = 'test_user@test.com'`);
    expect(
      await rows(app, `select vs, regular_payments, regular_amount, regular_frequency, to_char(expected_date_of_first_payment, 'YYYY-MM-DD') as expected, user_id from donor_payment_channel`),
    ).toEqual([{ vs: '0000000001', regular_payments: 'regular', regular_amount: 111, regular_frequency: null, expected: addDays(pragueToday(), 3), user_id: profile!.id }]);
    expect(await rows(app, 'select administrative_unit_id from profile_administrative_units')).toEqual([{ administrative_unit_id: unit.id }]);

    const second = await app.api(PATH, {
      method: 'POST',
      headers,
      json: {
        email: 'test_user@test.com',
        first_name: 'Other',
        last_name: '',
        telephone: '333222111',
        street: 'Street 1',
        city: 'Brno',
        zip_code: '60200',
        birth_day: '11',
        birth_month: '2',
        age_group: '1999',
        sex: 'male',
        money_account: 'bank_slug',
        event: 'event_slug',
        amount: 500,
        regular: false,
      },
    });
    expect(second).toMatchObject({ status: 200, body: { VS: '0000000001' } });
    expect(await rows(app, 'select first_name, last_name, street, city, zip_code, birth_day, birth_month, age_group, sex from profile')).toEqual([
      { first_name: 'Test', last_name: 'User', street: 'Street 1', city: 'Brno', zip_code: '60200', birth_day: 11, birth_month: 2, age_group: 1999, sex: 'male' },
    ]);
    expect(await rows(app, 'select telephone from telephone order by id')).toEqual([{ telephone: '111222333' }, { telephone: '333222111' }]);
    expect(await rows(app, 'select regular_amount, regular_payments from donor_payment_channel')).toEqual([{ regular_amount: 111, regular_payments: 'regular' }]);
    // Integration endpoints send no e-mail (api.md §12.6).
    expect(await outbox(app)).toEqual([]);
  });

  it('defaults regular to false (D30) and keeps a known sex', async () => {
    const { headers } = await setup();
    await app.api(PATH, { method: 'POST', headers, json: { email: 'a@b.cz', first_name: '', last_name: '', sex: 'female', money_account: 'bank_slug', event: 'event_slug', amount: 0 } });
    expect(await rows(app, 'select regular_payments from donor_payment_channel')).toEqual([{ regular_payments: 'onetime' }]);
    await makeEvent(app.em(), { slug: 'second' });
    await app.api(PATH, { method: 'POST', headers, json: { email: 'a@b.cz', first_name: '', last_name: '', sex: 'male', money_account: 'bank_slug', event: 'second', amount: 0 } });
    expect(await rows(app, 'select sex from profile')).toEqual([{ sex: 'female' }]);
    expect(await rows(app, 'select vs from donor_payment_channel order by id')).toEqual([{ vs: '0000000001' }, { vs: '0000000002' }]);
  });

  it('answers 400 for bad input (D29 negative amount, unknown slugs, missing fields), writing nothing', async () => {
    const { headers } = await setup();
    const before = await counts(app);
    expect(await app.api(PATH, { method: 'POST', headers, json: {} })).toMatchObject({
      status: 400,
      body: {
        email: ['This field is required.'],
        first_name: ['This field is required.'],
        last_name: ['This field is required.'],
        money_account: ['This field is required.'],
        event: ['This field is required.'],
        amount: ['This field is required.'],
      },
    });
    expect(
      (
        await app.api(PATH, {
          method: 'POST',
          headers,
          json: { email: 'a@b.cz', first_name: 'a', last_name: 'b', money_account: 'bank_slug', event: 'event_slug', amount: -1, regular: 'maybe', sex: 'x' },
        })
      ).body,
    ).toEqual({ amount: ['Ensure this value is greater than or equal to 0.'], regular: ['Must be a valid boolean.'], sex: ['"x" is not a valid choice.'] });
    expect(
      (await app.api(PATH, { method: 'POST', headers, json: { email: 'a@b.cz', first_name: 'a', last_name: 'b', money_account: 'nope', event: 'nada', amount: 1 } })).body,
    ).toEqual({ money_account: ['Object with slug=nope does not exist.'], event: ['Object with slug=nada does not exist.'] });
    expect(await counts(app)).toEqual(before);
  });

  it('refuses a token with can_create_profiles but without write, and a plain user', async () => {
    await setup();
    const json = { email: 'a@b.cz', first_name: '', last_name: '', money_account: 'bank_slug', event: 'event_slug', amount: 1 };
    const readOnly = await app.client('read can_create_profiles');
    expect((await app.api(PATH, { method: 'POST', headers: bearer(readOnly.token), json })).status).toBe(403);
    const user = await app.user();
    expect((await app.api(PATH, { method: 'POST', headers: bearer(user.access), json })).status).toBe(403);
    const staff = await app.user({ isStaff: true });
    expect((await app.api(PATH, { method: 'POST', headers: bearer(staff.access), json })).status).toBe(200);
  });
});

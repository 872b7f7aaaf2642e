import { describe, expect, it } from 'vitest';
import { makeDonorPaymentChannel, makeEvent, makeMoneyAccount, makeProfile, makeUnit } from '@klub/db/testing';
import { useKlubApp } from '../helpers/klub-app.js';
import { counts, outbox, rows } from '../signups/helpers.js';

const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Prague' }).format(new Date());

describe('POST /api/register_userprofile/ (api.md §6.1)', () => {
  const app = useKlubApp();

  async function setup() {
    const em = app.em();
    const unit = await makeUnit(em, { name: 'Auto*mat', fromEmailStr: 'Auto*mat <a@automat.cz>' });
    const account = await makeMoneyAccount(em, { administrativeUnit: unit, slug: 'bank_slug' });
    const event = await makeEvent(em, { slug: 'event_slug', name: 'Support' });
    return { unit, account, event };
  }

  const body = {
    username: 'tester12',
    password: 'Kocour-na-plote-2024',
    first_name: 'tester',
    last_name: 'dunnot',
    telephone: '+420 123 456 789',
    email: 'Tester@Gmai.com',
    userchannels: [{ money_account: 'bank_slug', event: 'event_slug', regular_amount: 123456, regular_frequency: 'monthly' }],
  };

  it('answers 201 with the profile and its channel (seed example), and stores everything', async () => {
    const { unit, account, event } = await setup();
    const res = await app.api('/api/register_userprofile/', { method: 'POST', json: body });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      username: 'tester12',
      first_name: 'tester',
      last_name: 'dunnot',
      email: 'tester@gmai.com',
      userchannels: [{ money_account: 'bank_slug', event: 'event_slug', regular_amount: 123456, regular_frequency: 'monthly', VS: '0000000001' }],
    });
    const [profile] = await rows<Record<string, unknown>>(app, 'select * from profile');
    expect(profile).toMatchObject({ username: 'tester12', email: 'tester@gmai.com', sex: 'unknown', kind: 'user', is_active: true });
    expect(await rows(app, 'select email, is_primary from profile_email')).toEqual([{ email: 'tester@gmai.com', is_primary: true }]);
    expect(await rows(app, 'select telephone, is_primary from telephone')).toEqual([{ telephone: '+420 123 456 789', is_primary: true }]);
    expect(await rows(app, 'select administrative_unit_id from profile_administrative_units')).toEqual([{ administrative_unit_id: unit.id }]);
    expect(
      await rows(
        app,
        `select vs, money_account_id, event_id, regular_amount, regular_frequency, regular_payments,
                to_char(expected_date_of_first_payment, 'YYYY-MM-DD') as expected, registered_support is not null as registered
           from donor_payment_channel`,
      ),
    ).toEqual([
      {
        vs: '0000000001',
        money_account_id: account.id,
        event_id: event.id,
        regular_amount: 123456,
        regular_frequency: 'monthly',
        regular_payments: 'regular',
        expected: today(),
        registered: true,
      },
    ]);
    const [job] = await outbox(app);
    expect(job).toMatchObject({
      jobName: 'email.signup-notification',
      payload: { kind: 'registration', email: 'tester@gmai.com', from: 'Auto*mat <a@automat.cz>', eventName: 'Support', interactionId: null },
    });
    // The password works with /api/token/.
    expect((await app.api('/api/token/', { method: 'POST', json: { username: 'tester12', password: body.password } })).status).toBe(200);
  });

  it('is served at the seed spellings /api/register-userprofile and /api/register-userprofile/ (D2)', async () => {
    await setup();
    const a = await app.api('/api/register-userprofile', { method: 'POST', json: { ...body, username: 'a1', email: 'a1@x.cz' } });
    const b = await app.api('/api/register-userprofile/', { method: 'POST', json: { ...body, username: 'b1', email: 'b1@x.cz' } });
    const c = await app.api('/api/register_userprofile', { method: 'POST', json: { ...body, username: 'c1', email: 'c1@x.cz' } });
    expect([a.status, b.status, c.status]).toEqual([201, 201, 201]);
    expect([a, b, c].map((r) => (r.body as { userchannels: Array<{ VS: string }> }).userchannels[0]!.VS)).toEqual([
      '0000000001',
      '0000000002',
      '0000000003',
    ]);
  });

  it('generates a username from the e-mail, keeps no usable password, and ignores further channels', async () => {
    await setup();
    const res = await app.api('/api/register_userprofile/', {
      method: 'POST',
      json: {
        email: 'jana@example.org',
        username: null,
        userchannels: [
          { money_account: 'bank_slug', event: 'event_slug', regular_amount: 0, regular_frequency: '' },
          { money_account: 'bank_slug', event: 'event_slug', regular_amount: 5 },
        ],
      },
    });
    expect(res.status).toBe(201);
    const out = res.body as { username: string; userchannels: unknown[] };
    expect(out.username).toMatch(/^jana\d+$/);
    expect(out.userchannels).toEqual([{ money_account: 'bank_slug', event: 'event_slug', regular_amount: 0, regular_frequency: null, VS: '0000000001' }]);
    expect(await rows(app, 'select password from profile')).toEqual([{ password: null }]);
    expect(await rows(app, 'select count(*)::int as n from donor_payment_channel')).toEqual([{ n: 1 }]);
  });

  it('uses the event’s VS prefix (api.md §12.2)', async () => {
    await setup();
    await makeEvent(app.em(), { slug: 'prefixed', variableSymbolPrefix: 12345 });
    const res = await app.api('/api/register_userprofile/', {
      method: 'POST',
      json: { email: 'p@x.cz', userchannels: [{ money_account: 'bank_slug', event: 'prefixed', regular_amount: 1 }] },
    });
    expect((res.body as { userchannels: Array<{ VS: string }> }).userchannels[0]!.VS).toBe('1234500001');
  });

  it('follows the VS sequence of api.md §12.2: highest + 1 without a prefix, the lowest free successor with one', async () => {
    const { account } = await setup();
    const prefixed = await makeEvent(app.em(), { slug: 'prefixed', variableSymbolPrefix: 12345 });
    const plain = await makeEvent(app.em());
    for (const vs of ['1234500001', '1234500003', '0000000007']) {
      await makeDonorPaymentChannel(app.em(), { vs, moneyAccount: account, event: vs.startsWith('0') ? plain : prefixed });
    }
    const register = async (email: string, event: string) => {
      const res = await app.api('/api/register_userprofile/', {
        method: 'POST',
        json: { email, userchannels: [{ money_account: 'bank_slug', event, regular_amount: 1 }] },
      });
      return (res.body as { userchannels: Array<{ VS: string }> }).userchannels[0]!.VS;
    };
    expect(await register('a@x.cz', 'prefixed')).toBe('1234500002');
    expect(await register('b@x.cz', 'prefixed')).toBe('1234500004');
    expect(await register('c@x.cz', 'event_slug')).toBe('0000000008');
  });

  it('refuses a taken e-mail in any case (D16) and a taken username', async () => {
    await setup();
    await makeProfile(app.em(), { username: 'tester12', email: 'tester@gmai.com' });
    const before = await counts(app);
    const res = await app.api('/api/register_userprofile/', { method: 'POST', headers: { 'accept-language': 'en' }, json: body });
    expect(res).toMatchObject({ status: 400, body: { username: ['This field must be unique.'], email: ['This field must be unique.'] } });
    expect(await counts(app)).toEqual(before);
  });

  it('applies the password policy (api.md §12.4)', async () => {
    await setup();
    const post = (password: string) =>
      app.api('/api/register_userprofile/', { method: 'POST', headers: { 'accept-language': 'en' }, json: { ...body, password } });
    expect((await post('1234567')).body).toEqual({
      password: ['This password is too short. It must contain at least 8 characters.', 'This password is too common.', 'This password is entirely numeric.'],
    });
    expect((await post('password')).body).toEqual({ password: ['This password is too common.'] });
    expect((await post('Password')).body).toEqual({ password: ['This password is too common.'] });
    expect((await post('84736291057')).body).toEqual({ password: ['This password is entirely numeric.'] });
    expect((await post('')).body).toEqual({ password: ['This field may not be blank.'] });
    const cs = await app.api('/api/register_userprofile/', { method: 'POST', json: { ...body, password: 'x7#qz' } });
    expect(cs.body).toEqual({ password: ['Heslo je příliš krátké. Musí mít délku aspoň 8 znaků.'] });
    expect(await rows(app, 'select count(*)::int as n from profile')).toEqual([{ n: 0 }]);
  });

  it('validates userchannels: missing, empty (D17), not a list, bad items, unknown slugs', async () => {
    await setup();
    const post = (json: unknown) => app.api('/api/register_userprofile/', { method: 'POST', headers: { 'accept-language': 'en' }, json });
    expect((await post({ email: 'x@y.cz' })).body).toEqual({ userchannels: ['This field is required.'] });
    expect((await post({ email: 'x@y.cz', userchannels: [] })).body).toEqual({ userchannels: { non_field_errors: ['This list may not be empty.'] } });
    expect((await post({ email: 'x@y.cz', userchannels: 'bank' })).body).toEqual({
      userchannels: { non_field_errors: ['Expected a list of items but got type "str".'] },
    });
    expect(
      (
        await post({
          email: 'x@y.cz',
          userchannels: [
            { money_account: 'bank_slug', event: 'event_slug', regular_amount: -1, regular_frequency: 'weekly' },
            { money_account: 'bank_slug', event: 'event_slug', regular_amount: 'x' },
          ],
        })
      ).body,
    ).toEqual({
      userchannels: [
        { regular_amount: ['Ensure this value is greater than or equal to 0.'], regular_frequency: ['"weekly" is not a valid choice.'] },
        { regular_amount: ['A valid integer is required.'] },
      ],
    });
    expect(
      (
        await post({
          email: 'x@y.cz',
          userchannels: [
            { money_account: 'bank_slug', event: 'event_slug', regular_amount: 1 },
            { money_account: 'x', event: 'nope', regular_amount: 1 },
          ],
        })
      ).body,
    ).toEqual({
      userchannels: [{}, { money_account: ['Object with slug=x does not exist.'], event: ['Object with slug=nope does not exist.'] }],
    });
    expect(await rows(app, 'select count(*)::int as n from profile')).toEqual([{ n: 0 }]);
  });

  it('validates the person fields and absurd input, writing nothing', async () => {
    await setup();
    const res = await app.api('/api/register_userprofile/', {
      method: 'POST',
      headers: { 'accept-language': 'en' },
      json: {
        email: 'bad',
        username: 'u'.repeat(151),
        first_name: 'f'.repeat(10_000),
        telephone: '123',
        userchannels: [{ money_account: 'bank_slug', event: 'event_slug', regular_amount: 99999999999 }],
      },
    });
    expect(res).toEqual(
      expect.objectContaining({
        status: 400,
        body: {
          email: ['Enter a valid email address.'],
          username: ['Ensure this field has no more than 150 characters.'],
          first_name: ['Ensure this field has no more than 128 characters.'],
          telephone: ['Ensure this field has at least 9 characters.'],
          userchannels: [{ regular_amount: ['Ensure this value is less than or equal to 2147483647.'] }],
        },
      }),
    );
    expect(await counts(app)).toMatchObject({ profile: 0, donor_payment_channel: 0, outbox_message: 0 });
  });
});

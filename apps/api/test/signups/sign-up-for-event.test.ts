import { describe, expect, it } from 'vitest';
import { makeEvent, makeUnit } from '@klub/db/testing';
import { useKlubApp } from '../helpers/klub-app.js';
import { bearer, counts, outbox, rows } from './helpers.js';

const PATH = '/api/sign_up_for_event/';

describe('POST /api/sign_up_for_event/ (api.md §8.3)', () => {
  const app = useKlubApp();

  async function setup() {
    const em = app.em();
    const unit = await makeUnit(em, { name: 'Auto*mat', fromEmailStr: 'Auto*mat <info@automat.cz>' });
    const event = await makeEvent(em, {
      name: 'Cleanup',
      administrativeUnits: [unit],
      additionalQuestion1: 'he_1?',
      additionalQuestion2: 'he_2?',
      additionalQuestion3: 'he_3?',
      additionalQuestion4: 'he_4?',
    });
    const client = await app.client('read write can_create_userprofile_interaction');
    return { unit, event, headers: bearer(client.token) };
  }

  const reference = (event: number) => ({
    first_name: 'John',
    last_name: 'Dock',
    telephone: '720000000',
    email: 'john@rock.com',
    note: 'iam alergic to bees',
    age_group: 2012,
    birth_month: 12,
    birth_day: 12,
    street: 'Belmont Avenue 2414',
    city: 'New York',
    zip_code: '10458',
    additional_question_1: 'answer_1',
    additional_question_2: 'answer_2',
    additional_question_3: 'answer_3',
    additional_question_4: 'answer_4',
    event,
  });

  it('creates the person and the event registration of the reference test', async () => {
    const { unit, event, headers } = await setup();
    const res = await app.api(PATH, { method: 'POST', headers, json: reference(event.id) });
    const [profile] = await rows<Record<string, unknown>>(app, 'select * from profile');
    expect(res).toMatchObject({ status: 200, body: { user_id: profile!.id } });
    expect(profile).toMatchObject({
      first_name: 'John',
      last_name: 'Dock',
      email: 'john@rock.com',
      age_group: 2012,
      birth_month: 12,
      birth_day: 12,
      street: 'Belmont Avenue 2414',
      city: 'New York',
      zip_code: '10458',
      sex: 'unknown',
      note: 'iam alergic to bees',
      password: null,
      is_active: true,
    });
    expect(await rows(app, 'select telephone, is_primary from telephone')).toEqual([{ telephone: '720000000', is_primary: true }]);
    expect(await rows(app, 'select email, is_primary from profile_email')).toEqual([{ email: 'john@rock.com', is_primary: true }]);
    expect(await rows(app, 'select administrative_unit_id from profile_administrative_units')).toEqual([{ administrative_unit_id: unit.id }]);
    expect(await rows(app, 'select administrative_unit_id from preference')).toEqual([{ administrative_unit_id: unit.id }]);
    const [interaction] = await rows<Record<string, unknown>>(
      app,
      `select i.*, t.slug as type_slug, s.status from interaction i join interaction_type t on t.id = i.type_id
         left join interaction_status s on s.id = i.status_id`,
    );
    expect(interaction).toMatchObject({
      user_id: profile!.id,
      event_id: event.id,
      administrative_unit_id: unit.id,
      type_slug: 'event_registration',
      subject: 'Registrace do akci',
      summary: 'note:\n    iam alergic to bees\nhe_1?:\n    answer_1\nhe_2?:\n    answer_2\nhe_3?:\n    answer_3\nhe_4?:\n    answer_4\n',
      skills: '',
      status: 'Unknown',
      communication_type: 'individual',
      dispatched: false,
    });
  });

  it('queues the confirmation e-mail in the same transaction', async () => {
    const { unit, event, headers } = await setup();
    const res = await app.api(PATH, { method: 'POST', headers: { ...headers, 'accept-language': 'en' }, json: reference(event.id) });
    const [interaction] = await rows<{ id: number }>(app, 'select id from interaction');
    expect(await outbox(app)).toEqual([
      {
        jobName: 'email.signup-notification',
        payload: {
          kind: 'event-signup',
          profileId: (res.body as { user_id: number }).user_id,
          email: 'john@rock.com',
          from: 'Auto*mat <info@automat.cz>',
          firstName: 'John',
          administrativeUnitId: unit.id,
          unitName: 'Auto*mat',
          eventId: event.id,
          eventName: 'Cleanup',
          interactionId: interaction!.id,
          lang: 'en',
        },
      },
    ]);
  });

  it('reuses the profile on a second sign-up: a new interaction, names kept, notes appended', async () => {
    const { event, headers } = await setup();
    const first = await app.api(PATH, { method: 'POST', headers, json: reference(event.id) });
    const again = await app.api(PATH, {
      method: 'POST',
      headers,
      json: {
        ...reference(event.id),
        email: 'JOHN@Rock.com',
        first_name: 'Johnny',
        last_name: '',
        telephone: '+420 777 888 999',
        note: 'bring gloves',
        additional_question_1: 'other',
        age_group: 1990,
      },
    });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    const [profile] = await rows<Record<string, unknown>>(app, 'select first_name, last_name, note, age_group from profile');
    expect(profile).toEqual({ first_name: 'John', last_name: 'Dock', note: 'iam alergic to bees\n\n---\n\nbring gloves', age_group: 2012 });
    expect(await rows(app, 'select telephone, is_primary from telephone order by id')).toEqual([
      { telephone: '720000000', is_primary: null },
      { telephone: '+420 777 888 999', is_primary: true },
    ]);
    const interactions = await rows<{ summary: string }>(app, 'select summary from interaction order by id');
    expect(interactions).toHaveLength(2);
    expect(interactions[1]!.summary).toBe(
      'note:\n    bring gloves\nhe_1?:\n    other\nhe_2?:\n    answer_2\nhe_3?:\n    answer_3\nhe_4?:\n    answer_4\n',
    );
    expect((await outbox(app)).map((j) => j.jobName)).toEqual(['email.signup-notification', 'email.signup-notification']);
  });

  it('records "-" for a question whose answer is absent, and an empty answer as empty', async () => {
    const { event, headers } = await setup();
    await app.api(PATH, {
      method: 'POST',
      headers,
      json: { email: 'a@b.cz', event: String(event.id), additional_question_2: '', skills: '#cooking #html5' },
    });
    expect(await rows(app, 'select summary, skills from interaction')).toEqual([
      { summary: 'note:\n    he_1?:\n    -\nhe_2?:\n    \nhe_3?:\n    -\nhe_4?:\n    -\n', skills: '#cooking #html5' },
    ]);
  });

  it('skips the questions the event does not ask', async () => {
    const em = app.em();
    const event = await makeEvent(em, { additionalQuestion2: 'Size?' });
    const { headers } = await setup();
    await app.api(PATH, { method: 'POST', headers, json: { email: 'a@b.cz', event: event.id, note: 'hi', additional_question_2: 'XL' } });
    expect(await rows(app, 'select summary from interaction')).toEqual([{ summary: 'note:\n    hi\nSize?:\n    XL\n' }]);
  });

  it('answers 400 for an unknown event, an event without slug, and an event without unit (D27), writing nothing', async () => {
    const { headers } = await setup();
    const before = await counts(app);
    const noSlug = await makeEvent(app.em(), { slug: null });
    const noUnit = await makeEvent(app.em(), { administrativeUnits: [] });
    const en = { ...headers, 'accept-language': 'en' };
    expect(await app.api(PATH, { method: 'POST', headers: en, json: { email: 'a@b.cz', event: 99999 } })).toMatchObject({
      status: 400,
      body: { event: ['Object with id=99999 does not exist.'] },
    });
    expect((await app.api(PATH, { method: 'POST', headers: en, json: { email: 'a@b.cz', event: noSlug.id } })).body).toEqual({
      event: [`Object with id=${noSlug.id} does not exist.`],
    });
    expect(await app.api(PATH, { method: 'POST', headers: en, json: { email: 'a@b.cz', event: noUnit.id } })).toMatchObject({
      status: 400,
      body: { event: ['Event has no administrative unit.'] },
    });
    expect((await app.api(PATH, { method: 'POST', headers: en, json: { email: 'a@b.cz', event: 'abc' } })).body).toEqual({
      event: ['Invalid value.'],
    });
    expect(await counts(app)).toEqual(before);
  });

  it('validates every person field (api.md §8.1) and writes nothing', async () => {
    const { event, headers } = await setup();
    const before = await counts(app);
    const res = await app.api(PATH, {
      method: 'POST',
      headers: { ...headers, 'accept-language': 'en' },
      json: {
        email: 'not-an-email',
        first_name: 'x'.repeat(129),
        last_name: ['a'],
        telephone: '12ab',
        note: 'n'.repeat(2001),
        age_group: 1800,
        birth_month: 13,
        birth_day: 'x',
        street: 's'.repeat(129),
        city: 'c'.repeat(41),
        zip_code: 'z'.repeat(31),
        event: event.id,
      },
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      email: ['Enter a valid email address.'],
      first_name: ['Ensure this field has no more than 128 characters.'],
      last_name: ['Not a valid string.'],
      telephone: ['Telephone must consist of numbers, spaces and plus sign', 'Ensure this field has at least 9 characters.'],
      note: ['Ensure this field has no more than 2000 characters.'],
      age_group: ['"1800" is not a valid choice.'],
      birth_month: ['"13" is not a valid choice.'],
      birth_day: ['"x" is not a valid choice.'],
      street: ['Ensure this field has no more than 128 characters.'],
      city: ['Ensure this field has no more than 40 characters.'],
      zip_code: ['Ensure this field has no more than 30 characters.'],
    });
    expect(await counts(app)).toEqual(before);
  });

  it('requires email and event (D25), in Czech by default', async () => {
    const { headers } = await setup();
    expect(await app.api(PATH, { method: 'POST', headers, json: {} })).toMatchObject({
      status: 400,
      body: { email: ['Toto pole je vyžadováno.'], event: ['Toto pole je vyžadováno.'] },
    });
    expect((await app.api(PATH, { method: 'POST', headers, json: { email: '', event: '' } })).body).toEqual({
      email: ['Toto pole nesmí být prázdné.'],
      event: ['Toto pole nesmí být prázdné (null).'],
    });
    expect((await app.api(PATH, { method: 'POST', headers, json: { email: 'a@b.cz', event: 1, telephone: 'abc' } })).body).toEqual({
      telephone: ['Telefon musí být složen s čísel, mezer a znaku plus.', 'Zkontrolujte, že toto pole obsahuje alespoň 9 znaků.'],
    });
  });

  it('accepts a JWT user, a form body and the slash-less path', async () => {
    const { event } = await setup();
    const user = await app.user();
    const res = await app.api('/api/sign_up_for_event', {
      method: 'POST',
      headers: { ...bearer(user.access), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: 'form@example.org', event: String(event.id), first_name: 'Form' }).toString(),
    });
    expect(res.status).toBe(200);
    expect(await rows(app, `select first_name from profile where email = 'form@example.org'`)).toEqual([{ first_name: 'Form' }]);
  });

  it('refuses anonymous callers, tokens without the scope or without write, and other methods', async () => {
    const { event } = await setup();
    const json = { email: 'a@b.cz', event: event.id };
    expect(await app.api(PATH, { method: 'POST', json, headers: { 'accept-language': 'en' } })).toMatchObject({
      status: 403,
      body: { detail: 'Authentication credentials were not provided.' },
    });
    for (const scopes of ['read write', 'read can_create_userprofile_interaction']) {
      const client = await app.client(scopes);
      expect(await app.api(PATH, { method: 'POST', json, headers: { ...bearer(client.token), 'accept-language': 'en' } })).toMatchObject({
        status: 403,
        body: { detail: 'You do not have permission to perform this action.' },
      });
    }
    const client = await app.client('read write can_create_userprofile_interaction');
    expect(await app.api(PATH, { method: 'GET', headers: { ...bearer(client.token), 'accept-language': 'en' } })).toMatchObject({
      status: 405,
      body: { detail: 'Method "GET" not allowed.' },
    });
    expect(await app.api(PATH, { method: 'GET' })).toMatchObject({ status: 403 });
    expect(await counts(app)).toMatchObject({ profile: 0, interaction: 0 });
  });
});

import { describe, expect, it } from 'vitest';
import { makeEvent, makeProfile, makeUnit } from '@klub/db/testing';
import { useKlubApp } from '../helpers/klub-app.js';
import { bearer, counts, rows } from '../signups/helpers.js';

const PATH = '/api/interaction/';

describe('POST /api/interaction/ (api.md §9.6)', () => {
  const app = useKlubApp();

  it('records a vizus certificate in the event’s first unit (reference test)', async () => {
    const em = app.em();
    const [u1, u2] = [await makeUnit(em), await makeUnit(em)];
    await makeEvent(em, { slug: 'event_slug', administrativeUnits: [u2, u1] });
    const profile = await makeProfile(em);
    const client = await app.client('read write can_create_interactions');
    const res = await app.api(PATH, {
      method: 'POST',
      headers: bearer(client.token),
      json: { date: '2015-4-10T15:15', event: 'event_slug', profile_id: profile.id, interaction_type: 'certificate', text: 'hello world' },
    });
    expect(res).toMatchObject({ status: 200, body: {} });
    expect(
      await rows(
        app,
        `select i.subject, i.summary, i.administrative_unit_id, i.user_id, i.date_from = '2015-04-10T15:15:00+02:00'::timestamptz as dated,
                t.slug, t.name, c.slug as category
           from interaction i join interaction_type t on t.id = i.type_id join interaction_category c on c.id = t.category_id`,
      ),
    ).toEqual([
      { subject: 'vizus-certificate', summary: 'hello world', administrative_unit_id: Math.min(u1.id, u2.id), user_id: profile.id, dated: true, slug: 'certificate', name: 'certificate', category: 'emails' },
    ]);
    await app.api(PATH, {
      method: 'POST',
      headers: bearer(client.token),
      json: { date: '2015-04-11T10:00:00Z', event: 'event_slug', profile_id: profile.id, interaction_type: 'confirmation', text: 'ok' },
    });
    expect(await rows(app, `select slug from interaction_type where category_id = (select id from interaction_category where slug = 'emails') order by id`)).toEqual([
      { slug: 'certificate' },
      { slug: 'confirmation' },
    ]);
  });

  it('answers 400 for an unknown profile (D33), an event without unit (D27) and bad values, writing nothing', async () => {
    const event = await makeEvent(app.em(), { slug: 'no_unit', administrativeUnits: [] });
    void event;
    const profile = await makeProfile(app.em());
    const client = await app.client('read write can_create_interactions');
    const headers = { ...bearer(client.token), 'accept-language': 'en' };
    const before = await counts(app);
    expect(
      await app.api(PATH, { method: 'POST', headers, json: { date: '2015-4-10T15:15', event: 'no_unit', profile_id: 999, interaction_type: 'certificate', text: 'x' } }),
    ).toMatchObject({ status: 400, body: { profile_id: ['Invalid pk "999" - object does not exist.'] } });
    expect(
      (await app.api(PATH, { method: 'POST', headers, json: { date: '2015-4-10T15:15', event: 'no_unit', profile_id: profile.id, interaction_type: 'certificate', text: 'x' } })).body,
    ).toEqual({ event: ['Event has no administrative unit.'] });
    expect((await app.api(PATH, { method: 'POST', headers, json: { date: 'yesterday', event: 'nope', profile_id: 'abc', interaction_type: 'diploma', text: '' } })).body).toEqual({
      date: ['Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].'],
      profile_id: ['Incorrect type. Expected pk value, received str.'],
      interaction_type: ['"diploma" is not a valid choice.'],
      text: ['This field may not be blank.'],
    });
    expect(await counts(app)).toEqual(before);
  });

  it('refuses tokens without the scope', async () => {
    const client = await app.client('read write can_create_profiles');
    expect((await app.api(PATH, { method: 'POST', headers: bearer(client.token), json: {} })).status).toBe(403);
  });
});

import { describe, expect, it } from 'vitest';
import { makeEvent, makeLocation, makeUnit } from '@klub/db/testing';
import { useKlubApp } from '../helpers/klub-app.js';
import { bearer, counts, outbox, rows } from './helpers.js';

describe('POST /api/volunteer/ (api.md §8.4)', () => {
  const app = useKlubApp();
  const PATH = '/api/volunteer/';

  it('records a volunteer interaction with summary, skills, programs and event (D28)', async () => {
    const em = app.em();
    const unit = await makeUnit(em, { name: 'Brno' });
    const event = await makeEvent(em);
    const location = await makeLocation(em);
    const client = await app.client('read write can_create_userprofile_interaction');
    const res = await app.api(PATH, {
      method: 'POST',
      headers: bearer(client.token),
      json: {
        email: 'Vol@Example.org',
        first_name: 'Vera',
        administrative_unit: unit.id,
        skills: '#cooking',
        event: event.id,
        summary: 'I can cook',
        location: location.id,
        program_of_interest: ['zmj', 'lab'],
      },
    });
    const [profile] = await rows<{ id: number; email: string }>(app, 'select id, email from profile');
    expect(res).toMatchObject({ status: 200, body: { user_id: profile!.id } });
    expect(profile!.email).toBe('vol@example.org');
    expect(
      await rows(
        app,
        `select t.slug, i.subject, i.summary, i.skills, i.program_of_interest, i.event_id, i.administrative_unit_id
           from interaction i join interaction_type t on t.id = i.type_id`,
      ),
    ).toEqual([
      {
        slug: 'volunteer',
        subject: 'Nabídka o pomoci',
        summary: 'I can cook',
        skills: '#cooking',
        program_of_interest: ['zmj', 'lab'],
        event_id: event.id,
        administrative_unit_id: unit.id,
      },
    ]);
    expect(await rows(app, 'select administrative_unit_id from profile_administrative_units')).toEqual([{ administrative_unit_id: unit.id }]);
    expect((await outbox(app)).map((j) => [j.jobName, j.payload.kind, j.payload.eventId])).toEqual([
      ['email.signup-notification', 'volunteer', event.id],
    ]);
  });

  it('takes the minimal body: an empty summary, no event, no programs', async () => {
    const unit = await makeUnit(app.em());
    const user = await app.user();
    expect(await app.api(PATH, { method: 'POST', headers: bearer(user.access), json: { email: 'v@x.cz', administrative_unit: unit.id } })).toMatchObject({
      status: 200,
    });
    expect(await rows(app, 'select summary, skills, program_of_interest, event_id from interaction')).toEqual([
      { summary: '', skills: '', program_of_interest: [], event_id: null },
    ]);
  });

  it('answers 400 for unknown ids and programs, writing nothing', async () => {
    const client = await app.client('read write can_create_userprofile_interaction');
    const before = await counts(app);
    const res = await app.api(PATH, {
      method: 'POST',
      headers: { ...bearer(client.token), 'accept-language': 'en' },
      json: { email: 'v@x.cz', administrative_unit: 404, event: 405, location: 406, program_of_interest: ['zmj', 'nope'] },
    });
    expect(res).toMatchObject({
      status: 400,
      body: {
        administrative_unit: ['Object with id=404 does not exist.'],
        event: ['Object with id=405 does not exist.'],
        location: ['Object with id=406 does not exist.'],
        program_of_interest: ['"nope" is not a valid choice.'],
      },
    });
    expect((await app.api(PATH, { method: 'POST', headers: { ...bearer(client.token), 'accept-language': 'en' }, json: { email: 'v@x.cz', administrative_unit: 1, program_of_interest: 'zmj' } })).body).toEqual({
      program_of_interest: ['Expected a list of items but got type "str".'],
    });
    expect((await app.api(PATH, { method: 'POST', headers: { ...bearer(client.token), 'accept-language': 'en' }, json: { email: 'v@x.cz' } })).body).toEqual({
      administrative_unit: ['This field is required.'],
    });
    expect(await counts(app)).toEqual(before);
  });
});

describe('POST /api/apply_for_membership/ (api.md §8.5)', () => {
  const app = useKlubApp();
  const PATH = '/api/apply_for_membership/';

  it('records a membership application in the unit and queues the confirmation', async () => {
    const unit = await makeUnit(app.em(), { name: 'Praha', fromEmailStr: 'Praha <praha@example.org>' });
    const client = await app.client('read write can_create_userprofile_interaction');
    const res = await app.api(PATH, {
      method: 'POST',
      headers: bearer(client.token),
      json: { email: 'm@x.cz', first_name: 'Mia', administrative_unit: String(unit.id), skills: '#law' },
    });
    expect(res.status).toBe(200);
    expect(
      await rows(app, 'select t.slug, i.subject, i.summary, i.skills, i.administrative_unit_id from interaction i join interaction_type t on t.id = i.type_id'),
    ).toEqual([{ slug: 'membership-application', subject: 'Žadost o Členství', summary: '', skills: '#law', administrative_unit_id: unit.id }]);
    const [job] = await outbox(app);
    expect(job).toMatchObject({ jobName: 'email.signup-notification', payload: { kind: 'membership', from: 'Praha <praha@example.org>', firstName: 'Mia', lang: 'cs' } });
  });

  it('uses a renamed built-in type’s name as subject', async () => {
    const unit = await makeUnit(app.em());
    await app.em().getConnection().execute(`update interaction_type set name = 'Přihláška' where slug = 'membership-application'`);
    const user = await app.user();
    await app.api(PATH, { method: 'POST', headers: bearer(user.access), json: { email: 'm@x.cz', administrative_unit: unit.id } });
    expect(await rows(app, 'select subject from interaction')).toEqual([{ subject: 'Přihláška' }]);
  });

  it('answers 400 for an unknown unit and 403 to an OAuth client without the scope', async () => {
    const client = await app.client('read write can_create_userprofile_interaction');
    expect(
      await app.api(PATH, { method: 'POST', headers: { ...bearer(client.token), 'accept-language': 'en' }, json: { email: 'm@x.cz', administrative_unit: 7 } }),
    ).toMatchObject({ status: 400, body: { administrative_unit: ['Object with id=7 does not exist.'] } });
    const other = await app.client('read write can_create_profiles');
    expect(await app.api(PATH, { method: 'POST', headers: bearer(other.token), json: { email: 'm@x.cz', administrative_unit: 7 } })).toMatchObject({
      status: 403,
      body: { detail: 'K této akci nemáte oprávnění.' },
    });
  });
});

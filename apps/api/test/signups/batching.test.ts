import { describe, expect, it } from 'vitest';
import { makeEvent, makeProfile, makeUnit } from '@klub/db/testing';
import { call } from '../helpers/server.js';
import { useKlubApp } from '../helpers/klub-app.js';
import { bearer, rows } from './helpers.js';

describe('sign-ups arriving together are committed together (group commit, issue 7)', () => {
  const app = useKlubApp();

  it('answers each of 30 simultaneous sign-ups of the three kinds as if it had been alone; an invalid one gets its own 400', async () => {
    const unit = await makeUnit(app.em());
    const event = await makeEvent(app.em(), { administrativeUnits: [unit] });
    const client = await app.client('read write can_create_userprofile_interaction');
    const post = (path: string, json: Record<string, unknown>) =>
      app.api(path, { method: 'POST', headers: { ...bearer(client.token), 'accept-language': 'en' }, json });
    const requests = Array.from({ length: 30 }, (_, i) => {
      const email = `group-${i}@example.org`;
      if (i === 13) return post('/api/sign_up_for_event/', { email, event: 999_999 });
      if (i % 3 === 1) return post('/api/volunteer/', { email, administrative_unit: unit.id, first_name: `V${i}` });
      if (i % 3 === 2)
        return post('/api/apply_for_membership/', { email, administrative_unit: unit.id, first_name: `M${i}` });
      return post('/api/sign_up_for_event/', { email, event: event.id, first_name: `E${i}` });
    });
    const results = await Promise.all(requests);
    expect(results.map((r) => r.status)).toEqual(Array.from({ length: 30 }, (_, i) => (i === 13 ? 400 : 200)));
    expect(results[13]!.body).toEqual({ event: ['Object with id=999999 does not exist.'] });
    const people = await rows<{ id: number; email: string; first_name: string; kinds: string }>(
      app,
      `select p.id, p.email, p.first_name, string_agg(t.slug, ',') as kinds
         from profile p join interaction i on i.user_id = p.id join interaction_type t on t.id = i.type_id
        where p.email like 'group-%' group by p.id`,
    );
    expect(people).toHaveLength(29);
    results.forEach((r, i) => {
      if (i === 13) return;
      const person = people.find((p) => p.id === (r.body as { user_id: number }).user_id);
      const [name, kind] =
        i % 3 === 1
          ? [`V${i}`, 'volunteer']
          : i % 3 === 2
            ? [`M${i}`, 'membership-application']
            : [`E${i}`, 'event_registration'];
      expect(person).toMatchObject({ email: `group-${i}@example.org`, first_name: name, kinds: kind });
    });
  });

  it('hears a batch’s writes before answering: a cached read of a row it wrote is recomputed', async () => {
    const president = await makeProfile(app.em(), { email: 'president@example.org', firstName: '', lastName: '' });
    await makeUnit(app.em(), { president });
    const event = await makeEvent(app.em());
    // Straight to the server, without the helper's wait for notifications: the sign-ups' own
    // answers must not leave before their writes were heard.
    const units = async () =>
      ((await call(`${app.url}/api/administrative_unit/`)).body as Array<{ president_name: string | null }>).map(
        (u) => u.president_name,
      );
    expect(await units()).toContain(' ');
    expect(await units()).toContain(' '); // now from memory
    const client = await app.client('read write can_create_userprofile_interaction');
    const signUp = (email: string, first_name: string) =>
      app.api('/api/sign_up_for_event/', {
        method: 'POST',
        headers: bearer(client.token),
        json: { email, first_name, event: event.id },
      });
    const answers = await Promise.all([
      signUp('someone@example.org', 'Some'),
      signUp('president@example.org', 'Ada'),
      signUp('other@example.org', 'O'),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(await units()).toContain('Ada ');
  });
});

import { describe, expect, it } from 'vitest';
import { makeEvent, makeEventType, makeLocation, makeUnit } from '@klub/db/testing';
import { useKlubApp } from '../helpers/klub-app.js';
import { caller, superuser } from './helpers.js';

type Body = Record<string, unknown> & { id?: number };

describe('/api/admin/events/ (domain.md §4.1, §8)', () => {
  const app = useKlubApp();

  it('generates a unique slug from the name, keeps a given one normalised, and links units, type and location', async () => {
    const su = await superuser(app);
    const api = caller(app, su.headers);
    const unit = await makeUnit(app.em());
    const type = await makeEventType(app.em(), { administrativeUnit: unit });
    const location = await makeLocation(app.em());
    await makeEvent(app.em(), { name: 'Old', slug: 'zazit-mesto-jinak' });

    const res = await api('POST', '/api/admin/events/', {
      name: 'Zažít město jinak',
      administrative_units: [unit.id],
      event_type: type.id,
      location: location.id,
      program: 'zmj',
      datetime_from: '2026-09-19T10:00',
    });
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({
      slug: 'zazit-mesto-jinak-2',
      administrative_units: [unit.id],
      event_type: type.id,
      location: location.id,
      program: 'zmj',
      datetime_from: '2026-09-19T10:00:00+02:00',
      registration_method: 'standard',
      basic_purpose: 'action',
      intended_for: 'everyone',
      grant: 'no_grant',
      number_of_actions: 1,
      diet: [],
      main_photo: null,
    });
    const id = (res.body as Body).id as number;

    const renamed = await api('PATCH', `/api/admin/events/${id}/`, { name: 'Jiné jméno' });
    expect(renamed.body).toMatchObject({ name: 'Jiné jméno', slug: 'zazit-mesto-jinak-2' });
    const given = await api('PATCH', `/api/admin/events/${id}/`, { slug: 'Letní Tábor 2026' });
    expect(given.body).toMatchObject({ slug: 'letni-tabor-2026' });
    const regenerated = await api('PATCH', `/api/admin/events/${id}/`, { slug: '' });
    expect(regenerated.body).toMatchObject({ slug: 'jine-jmeno' });
    const unchanged = await api('PATCH', `/api/admin/events/${id}/`, { slug: 'jine-jmeno' });
    expect(unchanged.body).toMatchObject({ slug: 'jine-jmeno' });

    const checked = await app.api('/api/check_event/jine-jmeno/', { headers: su.headers });
    expect(checked.status).toBe(200);
  });

  it('requires at least one unit and a program of this deployment', async () => {
    const su = await superuser(app);
    const api = caller(app, su.headers);
    expect(await api('POST', '/api/admin/events/', { name: 'X', administrative_units: [] })).toMatchObject({
      status: 400,
      body: { administrative_units: ['This list may not be empty.'] },
    });
    expect(await api('POST', '/api/admin/events/', { name: 'X' })).toMatchObject({
      status: 400,
      body: { administrative_units: ['This field is required.'] },
    });
    const unit = await makeUnit(app.em());
    expect(await api('POST', '/api/admin/events/', { name: 'X', administrative_units: [unit.id], program: 'eco_consulting' })).toMatchObject({
      status: 400,
      body: { program: ['"eco_consulting" is not a valid choice.'] },
    });
    expect(
      await api('POST', '/api/admin/events/', { name: 'X', administrative_units: [unit.id], variable_symbol_prefix: 123, diet: ['pizza'] }),
    ).toMatchObject({
      status: 400,
      body: { variable_symbol_prefix: ['Ensure this value is greater than or equal to 10000.'], diet: ['"pizza" is not a valid choice.'] },
    });
  });
});

describe('slugs of the other admin resources (domain.md §8)', () => {
  const app = useKlubApp();

  it('generates unit, event type, interaction category and type slugs from their names', async () => {
    const su = await superuser(app);
    const api = caller(app, su.headers);
    const unit = (await api('POST', '/api/admin/administrative-units/', { name: 'Auto*Mat Brno' })).body as Body;
    expect(unit.slug).toBe('automat-brno');
    const type = (await api('POST', '/api/admin/event-types/', { name: 'Tábor', administrative_unit: unit.id })).body as Body;
    expect(type.slug).toBe('tabor');
    const again = (await api('POST', '/api/admin/event-types/', { name: 'Tábor', administrative_unit: unit.id })).body as Body;
    expect(again.slug).toBe('tabor-2');
    const category = (await api('POST', '/api/admin/interaction-categories/', { category: 'Telefonáty' })).body as Body;
    expect(category.slug).toBe('telefonaty');
    const itype = (await api('POST', '/api/admin/interaction-types/', { name: 'Event registration', slug: 'event_registration', category: category.id })).body as Body;
    // The built-in row has that slug already.
    expect(itype.slug).toBe('event_registration-2');
  });
});

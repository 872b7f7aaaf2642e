import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DonorPaymentChannel, Event, Interaction, MoneyAccount, OrganizationPosition, OrganizationTeam, Payment } from '@klub/db';
import {
  makeDonorPaymentChannel,
  makeEvent,
  makeEventType,
  makeLocation,
  makeMoneyAccount,
  makePayment,
  makeProfile,
  makeUnit,
} from '@klub/db/testing';
import { useKlubApp, type KlubApp } from '../helpers/klub-app.js';
import { NOT_FOUND, NOT_ORGANIZER, caller, registerFor, type Page } from './fixture.js';

const EVENT_KEYS = [
  'id', 'name', 'datetime_from', 'datetime_to', 'program', 'intended_for', 'basic_purpose', 'opportunity', 'location',
  'age_from', 'age_to', 'start_date', 'event_type', 'event_type_id', 'responsible_person', 'participation_fee',
  'entry_form_url', 'web_url', 'invitation_text_short', 'working_hours', 'accommodation', 'diet', 'looking_forward_to_you',
  'registration_method', 'administrative_units', 'administrative_unit_name', 'administrative_unit_web_url',
  'invitation_text_1', 'invitation_text_2', 'invitation_text_3', 'invitation_text_4', 'main_photo', 'additional_photo_1',
  'additional_photo_2', 'additional_photo_3', 'additional_photo_4', 'additional_photo_5', 'additional_photo_6',
  'additional_question_1', 'additional_question_2', 'additional_question_3', 'additional_question_4',
  'contact_person_name', 'contact_person_email', 'contact_person_telephone', 'public_on_web_date_from',
  'public_on_web_date_to', 'public_on_web',
];

/** The unit and type of api.md §4.2's example. */
async function catalogue(app: KlubApp) {
  const em = app.em();
  const unit = await makeUnit(em, { name: 'Auto*mat', webUrl: 'www.smth.eu' });
  const type = await makeEventType(em, { name: 'Event name', slug: 'event_name', administrativeUnit: unit });
  return { unit, type };
}

// Uploaded photos go to a directory of this run, not the working tree.
const STORAGE_DIR = mkdtempSync(path.join(tmpdir(), 'klub-frontend-'));

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

describe('/api/frontend/events/ (api.md §7.3)', () => {
  const app = useKlubApp({ STORAGE_DIR });

  it('answers an anonymous list on an empty database with an empty page', async () => {
    expect(await app.api('/api/frontend/events/')).toMatchObject({ status: 200, body: { count: 0, next: null, previous: null, results: [] } });
  });

  it('creates an event with exactly the example body of §4.2 and puts the creator on its team as "Event creator"', async () => {
    const { unit, type } = await catalogue(app);
    const org = await caller(app, { roles: ['event_organizer'] });
    const res = await app.api('/api/frontend/events/', {
      method: 'POST',
      headers: org.headers,
      json: { name: 'Test event', event_type_id: type.id, administrative_units: [unit.id] },
    });
    expect(res.status).toBe(201);
    const id = (res.body as { id: number }).id;
    expect(res.body).toEqual({
      id, name: 'Test event', datetime_from: null, datetime_to: null, program: '', intended_for: 'everyone',
      basic_purpose: 'action', opportunity: '', location: null, age_from: null, age_to: null, start_date: null,
      event_type: { name: 'Event name', slug: 'event_name' }, event_type_id: type.id, responsible_person: '',
      participation_fee: '', entry_form_url: null, web_url: null, invitation_text_short: '', working_hours: null,
      accommodation: '', diet: [], looking_forward_to_you: '', registration_method: 'standard',
      administrative_units: [unit.id], administrative_unit_name: 'Auto*mat', administrative_unit_web_url: 'www.smth.eu',
      invitation_text_1: '', invitation_text_2: '', invitation_text_3: '', invitation_text_4: '', main_photo: null,
      additional_photo_1: null, additional_photo_2: null, additional_photo_3: null, additional_photo_4: null,
      additional_photo_5: null, additional_photo_6: null, additional_question_1: '', additional_question_2: '',
      additional_question_3: '', additional_question_4: '', contact_person_name: '', contact_person_email: '',
      contact_person_telephone: '', public_on_web_date_from: null, public_on_web_date_to: null, public_on_web: false,
    });

    const em = app.em();
    const team = await em.find(OrganizationTeam, { event: id }, { populate: ['position'] });
    expect(team.map((t) => [t.profile.id, t.position.getEntity().name])).toEqual([[org.id, 'Event creator']]);
    const organized = await app.api('/api/frontend/organized_events/', { headers: org.headers });
    expect((organized.body as Page).results.map((e) => e.id)).toEqual([id]);
    expect(await app.api(`/api/frontend/event_orgteam/?event=${id}`, { headers: org.headers })).toMatchObject({ status: 200 });
  });

  it('generates a unique slug from the name (domain.md §8), usable by the slug-based endpoints', async () => {
    const { unit, type } = await catalogue(app);
    const su = await caller(app, { isSuperuser: true });
    const slugs: Array<string | null | undefined> = [];
    for (const name of ['Zažít město jinak', 'Zažít  město  jinak!', '¡¿', 'x'.repeat(100), 'x'.repeat(100)]) {
      const res = await app.api('/api/frontend/events/', {
        method: 'POST',
        headers: su.headers,
        json: { name, event_type_id: type.id, administrative_units: [unit.id] },
      });
      expect(res.status).toBe(201);
      slugs.push((await app.em().findOneOrFail(Event, (res.body as { id: number }).id)).slug);
    }
    expect(slugs).toEqual(['zazit-mesto-jinak', 'zazit-mesto-jinak-2', 'event', 'x'.repeat(100), `${'x'.repeat(98)}-2`]);
  });

  it('stores every writable field and answers it back', async () => {
    const { unit, type } = await catalogue(app);
    const unit2 = await makeUnit(app.em(), { name: 'Second' });
    const org = await caller(app, { roles: ['event_organizer'] });
    const body = {
      name: '  Camp  ', datetime_from: '2024-5-1T10:11:12', datetime_to: '2024-05-03T10:00:00Z', program: 'zmj',
      intended_for: 'children', basic_purpose: 'camp', opportunity: 'cooperation', age_from: 6, age_to: '15',
      start_date: '2024-04-30T08:00+02:00', responsible_person: 'Ann', participation_fee: '120kc',
      entry_form_url: 'https://example.com/form', web_url: 'http://example.org', invitation_text_short: 'Come',
      working_hours: 4, accommodation: 'tents', diet: ['vegan', 'kosher', 'vegan'], looking_forward_to_you: 'Ann, Bob',
      registration_method: 'by_email', administrative_units: [unit2.id, unit.id], invitation_text_1: 'one',
      invitation_text_2: 'two', invitation_text_3: 'three', invitation_text_4: 'four', additional_question_1: 'Q1?',
      additional_question_2: 'Q2?', additional_question_3: '', additional_question_4: 'Q4?', contact_person_name: 'Cyril',
      contact_person_email: 'cyril@example.org', contact_person_telephone: '+420 123 456 789',
      public_on_web_date_from: '2024-4-1', public_on_web_date_to: null, public_on_web: 'yes', event_type_id: type.id,
      // read-only or unknown keys are ignored
      id: 999, slug: 'mine', location: 5, administrative_unit_name: 'x', date_from: '2024-01-01',
    };
    const res = await app.api('/api/frontend/events/', { method: 'POST', headers: org.headers, json: body });
    expect(res.status).toBe(201);
    const event = res.body as Record<string, unknown>;
    expect(Object.keys(event).sort()).toEqual([...EVENT_KEYS].sort());
    expect(event).toMatchObject({
      name: 'Camp', datetime_from: '2024-05-01T10:11:12+02:00', datetime_to: '2024-05-03T12:00:00+02:00', program: 'zmj',
      intended_for: 'children', basic_purpose: 'camp', opportunity: 'cooperation', age_from: 6, age_to: 15,
      start_date: '2024-04-30T08:00:00+02:00', location: null, working_hours: 4, registration_method: 'by_email',
      administrative_units: [unit.id, unit2.id], administrative_unit_name: 'Auto*mat', contact_person_telephone: '+420 123 456 789',
      public_on_web_date_from: '2024-04-01', public_on_web_date_to: null, public_on_web: true, additional_question_4: 'Q4?',
    });
    expect([...(event.diet as string[])].sort()).toEqual(['kosher', 'vegan']);
    expect(event.id).not.toBe(999);
    expect(await app.api(`/api/frontend/events/${event.id as number}/`)).toEqual(expect.objectContaining({ status: 200, body: event }));
  });

  it('refuses everybody but superusers and organizers before looking at the body (D35)', async () => {
    const staff = await caller(app, { isStaff: true });
    for (const headers of [{}, staff.headers]) {
      expect(await app.api('/api/frontend/events/', { method: 'POST', headers, json: {} })).toMatchObject({ status: 403, body: NOT_ORGANIZER });
    }
  });

  it('answers bad input with 400 field errors and stores nothing', async () => {
    const { unit, type } = await catalogue(app);
    const org = await caller(app, { roles: ['event_organizer'] });
    const post = (json: unknown) => app.api('/api/frontend/events/', { method: 'POST', headers: org.headers, json });
    const ok = { name: 'E', event_type_id: type.id, administrative_units: [unit.id] };
    const cases: Array<[unknown, unknown]> = [
      [{}, { name: ['This field is required.'], event_type_id: ['This field is required.'], administrative_units: ['This field is required.'] }],
      [{ ...ok, name: '  ', event_type_id: null, administrative_units: [] }, { name: ['This field may not be blank.'], event_type_id: ['This field may not be null.'], administrative_units: ['This list may not be empty.'] }],
      [{ ...ok, name: 'x'.repeat(101) }, { name: ['Ensure this field has no more than 100 characters.'] }],
      [{ ...ok, event_type_id: 999, administrative_units: [unit.id, 998] }, { event_type_id: ['Invalid pk "999" - object does not exist.'], administrative_units: ['Invalid pk "998" - object does not exist.'] }],
      [{ ...ok, administrative_units: 'x' }, { administrative_units: ['Expected a list of items but got type "str".'] }],
      [{ ...ok, administrative_units: ['a'] }, { administrative_units: ['Incorrect type. Expected pk value, received str.'] }],
      [{ ...ok, intended_for: 'adults', diet: ['fish'], registration_method: 'x' }, { intended_for: ['"adults" is not a valid choice.'], diet: ['"fish" is not a valid choice.'], registration_method: ['"x" is not a valid choice.'] }],
      [{ ...ok, program: 'eco_consulting' }, { program: ['"eco_consulting" is not a valid choice.'] }],
      [{ ...ok, age_from: -1, working_hours: 'many' }, { age_from: ['Ensure this value is greater than or equal to 0.'], working_hours: ['A valid integer is required.'] }],
      [{ ...ok, web_url: 'not a url', contact_person_email: 'nope' }, { web_url: ['Enter a valid URL.'], contact_person_email: ['Enter a valid email address.'] }],
      [{ ...ok, contact_person_telephone: '12345' }, { contact_person_telephone: ['Enter a valid value.'] }],
      [{ ...ok, datetime_from: '2024-01-01', public_on_web_date_from: '1.1.2024' }, { datetime_from: ['Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].'], public_on_web_date_from: ['Date has wrong format. Use one of these formats instead: YYYY-MM-DD.'] }],
      [{ ...ok, main_photo: 'photo.jpg' }, { main_photo: ['The submitted data was not a file. Check the encoding type on the form.'] }],
    ];
    for (const [json, body] of cases) {
      const res = await post(json);
      expect({ json, status: res.status, body: res.body }).toEqual({ json, status: 400, body });
    }
    expect(await app.em().count(Event)).toBe(0);
    expect(await app.em().count(OrganizationTeam)).toBe(0);
  });

  it('lists every event, public or not, by name, with DRF pagination; retrieves any event; unknown ids are 404', async () => {
    const em = app.em();
    for (const name of ['čokoláda', 'Banán', 'avokádo', 'Cibule', 'dýně']) await makeEvent(em, { name, publicOnWeb: name === 'Banán' });
    const first = await app.api('/api/frontend/events/?page_size=2');
    const page = first.body as Page;
    expect([page.count, page.results.map((e) => e.name), page.previous]).toEqual([5, ['avokádo', 'Banán'], null]);
    expect(page.next).toMatch(/\/api\/frontend\/events\/\?page_size=2&page=2$/);
    const last = (await app.api('/api/frontend/events/?page_size=2&page=last')).body as Page;
    expect([last.results.map((e) => e.name), last.next]).toEqual([['dýně'], null]);
    expect(last.previous).toMatch(/\?page_size=2&page=2$/);
    expect(await app.api('/api/frontend/events/?page=4&page_size=2', { headers: { 'accept-language': 'en' } })).toMatchObject({
      status: 404,
      body: { detail: 'Invalid page.' },
    });
    const hidden = page.results[0]!;
    expect(await app.api(`/api/frontend/events/${hidden.id as number}/`)).toMatchObject({ status: 200, body: { name: 'avokádo', public_on_web: false } });
    for (const id of ['999', 'abc']) {
      expect(await app.api(`/api/frontend/events/${id}/`, { headers: { 'accept-language': 'en' } })).toMatchObject({ status: 404, body: NOT_FOUND });
    }
  });

  it('takes photos as multipart uploads and answers absolute URLs; a file that is no image is refused', async () => {
    const { unit, type } = await catalogue(app);
    const org = await caller(app, { roles: ['event_organizer'] });
    const form = new FormData();
    form.append('name', 'With photo');
    form.append('event_type_id', String(type.id));
    form.append('administrative_units', String(unit.id));
    form.append('main_photo', new Blob([PNG], { type: 'image/png' }), 'poster.png');
    const res = await app.api('/api/frontend/events/', { method: 'POST', headers: org.headers, body: form });
    expect(res.status).toBe(201);
    const event = res.body as { id: number; main_photo: string; administrative_units: number[] };
    expect(event.administrative_units).toEqual([unit.id]);
    expect(event.main_photo).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/upload\/event_photos\/[0-9a-f]{16}-poster\.png$/);
    expect(readdirSync(path.join(STORAGE_DIR, 'event_photos'))).toEqual([event.main_photo.split('/').pop()]);

    const bad = new FormData();
    bad.append('additional_photo_2', new Blob(['plain text'], { type: 'image/png' }), 'fake.png');
    expect(await app.api(`/api/frontend/organized_events/${event.id}/`, { method: 'PATCH', headers: org.headers, body: bad })).toMatchObject({
      status: 400,
      body: { additional_photo_2: ['Upload a valid image. The file you uploaded was either not an image or a corrupted image.'] },
    });
    const cleared = await app.api(`/api/frontend/organized_events/${event.id}/`, { method: 'PATCH', headers: org.headers, json: { main_photo: null } });
    expect(cleared).toMatchObject({ status: 200, body: { main_photo: null } });
  });
});

describe('/api/frontend/organized_events/ (api.md §7.4)', () => {
  const app = useKlubApp();

  async function organizedEvent() {
    const { unit, type } = await catalogue(app);
    const org = await caller(app, { roles: ['event_organizer'] });
    const created = await app.api('/api/frontend/events/', {
      method: 'POST',
      headers: org.headers,
      json: { name: 'Mine', event_type_id: type.id, administrative_units: [unit.id] },
    });
    return { unit, type, org, id: (created.body as { id: number }).id };
  }

  it('updates with PATCH (reference test: web_url and diet)', async () => {
    const { org, id } = await organizedEvent();
    const res = await app.api(`/api/frontend/organized_events/${id}/`, {
      method: 'PATCH',
      headers: org.headers,
      json: { web_url: 'https://example.com', diet: ['vegan', 'kosher'] },
    });
    expect(res.status).toBe(200);
    const body = res.body as { web_url: string; diet: string[]; name: string };
    expect([body.web_url, [...body.diet].sort(), body.name]).toEqual(['https://example.com', ['kosher', 'vegan'], 'Mine']);
  });

  it('PUT needs name, event_type_id and administrative_units; may change units and type; bad input stores nothing', async () => {
    const { org, id } = await organizedEvent();
    const path = `/api/frontend/organized_events/${id}/`;
    expect(await app.api(path, { method: 'PUT', headers: org.headers, json: { web_url: 'https://example.com' } })).toMatchObject({
      status: 400,
      body: { name: ['This field is required.'], event_type_id: ['This field is required.'], administrative_units: ['This field is required.'] },
    });
    expect(await app.api(path, { method: 'PATCH', headers: org.headers, json: { name: '', administrative_units: [] } })).toMatchObject({
      status: 400,
      body: { name: ['This field may not be blank.'], administrative_units: ['This list may not be empty.'] },
    });
    expect((await app.api(path, { headers: org.headers })).body).toMatchObject({ name: 'Mine', web_url: null });

    const unit = await makeUnit(app.em(), { name: 'Other unit' });
    const type = await makeEventType(app.em(), { name: 'Camp', slug: 'tabor' });
    const res = await app.api(path, {
      method: 'PUT',
      headers: org.headers,
      json: { name: 'Renamed', event_type_id: type.id, administrative_units: [unit.id] },
    });
    expect(res).toMatchObject({
      status: 200,
      body: { name: 'Renamed', event_type: { name: 'Camp', slug: 'tabor' }, event_type_id: type.id, administrative_units: [unit.id], administrative_unit_name: 'Other unit' },
    });
    expect((await app.em().findOneOrFail(Event, id)).slug).toBe('mine');
  });

  it('lists an event once even when the caller holds several positions in it (D21)', async () => {
    const { org, id } = await organizedEvent();
    const em = app.em();
    em.create(OrganizationTeam, { profile: org.id, event: id, position: em.create(OrganizationPosition, { name: 'cook' }) });
    await em.flush();
    const page = (await app.api('/api/frontend/organized_events/', { headers: org.headers })).body as Page;
    expect([page.count, page.results.map((e) => e.id)]).toEqual([1, [id]]);
    expect(await app.api(`/api/frontend/organized_events/${id}/`, { headers: org.headers })).toMatchObject({ status: 200, body: { id } });
  });

  it('paginates the caller’s events', async () => {
    const org = await caller(app);
    const em = app.em();
    const position = em.create(OrganizationPosition, { name: 'p' });
    for (let i = 1; i <= 12; i++) em.create(OrganizationTeam, { profile: org.id, event: await makeEvent(em, { name: `E${String(i).padStart(2, '0')}` }), position });
    await makeEvent(em, { name: 'E00 not mine' });
    await em.flush();
    const first = (await app.api('/api/frontend/organized_events/', { headers: org.headers })).body as Page;
    expect([first.count, first.results.length, first.results[0]!.name]).toEqual([12, 10, 'E01']);
    expect(first.next).toMatch(/\/api\/frontend\/organized_events\/\?page=2$/);
    const second = (await app.api('/api/frontend/organized_events/?page=2', { headers: org.headers })).body as Page;
    expect([second.results.map((e) => e.name), second.next]).toEqual([['E11', 'E12'], null]);
  });

  it('DELETE removes the event, its team, donor channels with their payments and its Darujme accounts; interactions stay without event', async () => {
    const { unit, org, id } = await organizedEvent();
    const em = app.em();
    const event = await em.findOneOrFail(Event, id);
    const donor = await makeProfile(em);
    const channel = await makeDonorPaymentChannel(em, { vs: '0000000001', event, user: donor });
    await makePayment(em, { userDonorPaymentChannel: channel, amount: 100 });
    const darujme = await makeMoneyAccount(em, { kind: 'api', projectName: 'Darujme project', event, administrativeUnit: unit, bankAccountNumber: null });
    const otherEvent = await makeEvent(em);
    const viaDarujme = await makeDonorPaymentChannel(em, { vs: '0000000002', event: otherEvent, user: donor, moneyAccount: darujme });
    await makePayment(em, { userDonorPaymentChannel: viaDarujme, amount: 50 });
    const keptChannel = await makeDonorPaymentChannel(em, { vs: '0000000003', event: otherEvent, user: await makeProfile(em) });
    const registration = await registerFor(app, donor.id, id);
    const location = await makeLocation(em);

    const res = await app.api(`/api/frontend/organized_events/${id}/`, { method: 'DELETE', headers: org.headers });
    expect([res.status, res.text]).toEqual([204, '']);
    const check = app.em();
    expect(await check.count(Event, id)).toBe(0);
    expect(await check.count(OrganizationTeam, { event: id })).toBe(0);
    expect((await check.find(DonorPaymentChannel, {})).map((c) => c.id)).toEqual([keptChannel.id]);
    expect(await check.count(Payment)).toBe(0);
    expect(await check.count(MoneyAccount, darujme.id)).toBe(0);
    expect((await check.findOneOrFail(Interaction, registration)).event).toBeNull();
    expect(await check.count(Event, otherEvent.id)).toBe(1);
    expect(await check.count('Location', location.id)).toBe(1);
  });
});

import { describe, expect, it } from 'vitest';
import { Interaction, InteractionType, Profile } from '@klub/db';
import {
  makeDonorPaymentChannel,
  makeEvent,
  makeEventType,
  makeLocation,
  makePayment,
  makeProfile,
  makeUnit,
} from '@klub/db/testing';
import { useKlubApp } from '../helpers/klub-app.js';

const EVENT_KEYS = [
  'id', 'name', 'datetime_from', 'datetime_to', 'program', 'intended_for', 'basic_purpose', 'opportunity',
  'location', 'age_from', 'age_to', 'start_date', 'event_type', 'event_type_id', 'responsible_person',
  'participation_fee', 'entry_form_url', 'web_url', 'invitation_text_short', 'working_hours', 'accommodation', 'diet',
  'looking_forward_to_you', 'registration_method', 'administrative_units', 'administrative_unit_name',
  'administrative_unit_web_url', 'invitation_text_1', 'invitation_text_2', 'invitation_text_3', 'invitation_text_4',
  'main_photo', 'additional_photo_1', 'additional_photo_2', 'additional_photo_3', 'additional_photo_4',
  'additional_photo_5', 'additional_photo_6', 'additional_question_1', 'additional_question_2',
  'additional_question_3', 'additional_question_4', 'contact_person_name', 'contact_person_email',
  'contact_person_telephone', 'public_on_web_date_from', 'public_on_web_date_to', 'public_on_web',
];

type Page = { count: number; next: string | null; previous: string | null; results: Array<Record<string, unknown>> };
const en = { headers: { 'accept-language': 'en' } };

describe('GET /api/event/ (api.md §5.1)', () => {
  const app = useKlubApp();

  it('lists only public events with exactly the 48 keys of §4.2, also under /api/bronto/event/', async () => {
    const em = app.em();
    const unit = await makeUnit(em, { name: 'Auto*mat', webUrl: 'www.smth.eu' });
    const type = await makeEventType(em, { name: 'Event name', slug: 'event_name' });
    const location = await makeLocation(em, { name: 'Praha', place: 'Letná', gpsLatitude: 50.1, gpsLongitude: 14.4 });
    const shown = await makeEvent(em, {
      name: 'Shown',
      publicOnWeb: true,
      administrativeUnits: [unit],
      eventType: type,
      location,
      diet: ['vegan', 'meat'],
      datetimeFrom: new Date('2020-02-29T23:00:00Z'),
      publicOnWebDateFrom: '2020-01-05',
    });
    await makeEvent(em, { name: 'Hidden', publicOnWeb: false });

    for (const path of ['/api/event/', '/api/bronto/event/', '/api/bronto/event']) {
      const res = await app.api(path);
      expect(res.status).toBe(200);
      const page = res.body as Page;
      expect(page.count).toBe(1);
      expect(page.next).toBeNull();
      expect(page.previous).toBeNull();
      const [event] = page.results;
      expect(Object.keys(event!).sort()).toEqual([...EVENT_KEYS].sort());
      expect(event).toMatchObject({
        id: shown.id,
        name: 'Shown',
        datetime_from: '2020-03-01T00:00:00+01:00',
        event_type: { name: 'Event name', slug: 'event_name' },
        event_type_id: type.id,
        location: { id: location.id, name: 'Praha', place: 'Letná', region: '', gps_latitude: 50.1, gps_longitude: 14.4 },
        administrative_units: [unit.id],
        administrative_unit_name: 'Auto*mat',
        administrative_unit_web_url: 'www.smth.eu',
        public_on_web_date_from: '2020-01-05',
        public_on_web: true,
        intended_for: 'everyone',
        registration_method: 'standard',
        main_photo: null,
      });
      expect((event!.diet as string[]).sort()).toEqual(['meat', 'vegan']);
    }
  });

  it('orders by accent-folded, case-insensitive name, then id; `ordering` overrides', async () => {
    const em = app.em();
    for (const name of ['čokoláda', 'Banán', 'avokádo', 'Cibule']) await makeEvent(em, { name, publicOnWeb: true });
    const names = async (q = '') => ((await app.api(`/api/event/${q}`)).body as Page).results.map((e) => e.name);
    expect(await names()).toEqual(['avokádo', 'Banán', 'Cibule', 'čokoláda']);
    expect(await names('?ordering=-id')).toEqual(['Cibule', 'avokádo', 'Banán', 'čokoláda']);
    expect(await names('?ordering=nonsense')).toEqual(['avokádo', 'Banán', 'Cibule', 'čokoláda']);
  });

  it('filters by each documented parameter and ignores empty values', async () => {
    const em = app.em();
    const [u1, u2] = [await makeUnit(em), await makeUnit(em)];
    const camp = await makeEventType(em, { slug: 'tabor' });
    const other = await makeEventType(em, { slug: 'akce' });
    const a = await makeEvent(em, {
      name: 'A', publicOnWeb: true, administrativeUnits: [u1], eventType: camp, isInternal: true,
      intendedFor: 'children', program: 'zmj', basicPurpose: 'camp', datetimeFrom: new Date('2021-06-01T10:00:00Z'),
    });
    const b = await makeEvent(em, {
      name: 'B', publicOnWeb: true, administrativeUnits: [u2], eventType: other, program: 'dpnk',
      datetimeFrom: new Date('2022-06-01T10:00:00Z'), startDate: new Date('2022-06-02T10:00:00Z'),
    });
    const ids = async (q: string) => ((await app.api(`/api/event/?${q}`)).body as Page).results.map((e) => e.id);
    expect(await ids(`administrative_unit=${u1.id}`)).toEqual([a.id]);
    expect(await ids('intended_for=children')).toEqual([a.id]);
    expect(await ids('program=dpnk')).toEqual([b.id]);
    expect(await ids('basic_purpose=camp')).toEqual([a.id]);
    expect(await ids('is_internal=True')).toEqual([a.id]);
    expect(await ids('is_internal=0')).toEqual([b.id]);
    expect(await ids('is_internal=maybe')).toEqual([a.id, b.id]);
    expect(await ids('event_type_array=tabor,xyz')).toEqual([a.id]);
    expect(await ids('program_array=zmj,dpnk')).toEqual([a.id, b.id]);
    expect(await ids('intended_for_array=everyone')).toEqual([b.id]);
    expect(await ids('datetime_from__gte=2022-01-01T00:00')).toEqual([b.id]);
    expect(await ids('datetime_from__lte=2021-12-31T23:59:59%2B01:00')).toEqual([a.id]);
    expect(await ids('datetime_from__year=2021')).toEqual([a.id]);
    expect(await ids('start_date__year=2022')).toEqual([b.id]);
    expect(await ids('type=klub')).toEqual([a.id]);
    expect(await ids('type=vik')).toEqual([b.id]);
    expect(await ids('type=tabor')).toEqual([a.id]);
    expect(await ids('type=viktabor')).toEqual([b.id]);
    expect(await ids('type=unknown')).toEqual([a.id, b.id]);
    expect(await ids('program=&intended_for=&administrative_unit=')).toEqual([a.id, b.id]);
  });

  it('answers 400 with the parameter as key for invalid filter values', async () => {
    const cases: Array<[string, Record<string, string[]>]> = [
      ['intended_for=xyz', { intended_for: ['Select a valid choice. xyz is not one of the available choices.'] }],
      ['datetime_from__gte=2020-01-01', { datetime_from__gte: ['Enter a valid date/time.'] }],
      ['administrative_unit=abc', { administrative_unit: ['Enter a whole number.'] }],
      ['program=education', { program: ['Select a valid choice. education is not one of the available choices.'] }],
    ];
    for (const [query, body] of cases) {
      const res = await app.api(`/api/event/?${query}`, en);
      expect(res.status, query).toBe(400);
      expect(res.body).toEqual(body);
    }
  });

  it('paginates with page_size, next and previous links', async () => {
    const em = app.em();
    for (let i = 0; i < 12; i++) await makeEvent(em, { name: `E${String(i).padStart(2, '0')}`, publicOnWeb: true });
    const first = (await app.api('/api/event/?page_size=5')).body as Page;
    expect(first.count).toBe(12);
    expect(first.results).toHaveLength(5);
    expect(new URL(first.next!).search).toBe('?page_size=5&page=2');
    const last = (await app.api('/api/event/?page=last&page_size=5')).body as Page;
    expect(last.results.map((e) => e.name)).toEqual(['E10', 'E11']);
    expect(new URL(last.previous!).searchParams.get('page')).toBe('2');
    expect((await app.api('/api/event/?page=4&page_size=5', en)).body).toEqual({ detail: 'Invalid page.' });
  });
});

describe('GET /api/event/{id}/ (api.md §5.2)', () => {
  const app = useKlubApp();

  it('adds users_paid, total_amount and the registration count of an interaction type', async () => {
    const em = app.em();
    const event = await makeEvent(em, { publicOnWeb: true });
    const [p1, p2] = [await makeProfile(em), await makeProfile(em)];
    const c1 = await makeDonorPaymentChannel(em, { vs: '0000000001', user: p1, event });
    await makeDonorPaymentChannel(em, { vs: '0000000002', user: p2, event });
    await makePayment(em, { userDonorPaymentChannel: c1, amount: 150 });
    await makePayment(em, { userDonorPaymentChannel: c1, amount: 100 });
    const type = await em.findOneOrFail(InteractionType, { slug: 'event_registration' });
    for (const user of [p1, p1, p2]) {
      em.create(Interaction, {
        user, event, type, administrativeUnit: event.administrativeUnits.getItems()[0]!,
        subject: 'x', dateFrom: new Date(),
      });
    }
    await em.flush();

    const res = await app.api(`/api/bronto/event/${event.id}/?interaction_type_id=${type.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: event.id, users_paid: 2, total_amount: 250, registered_users_count_by_interaction_type: 2 });
    const noType = (await app.api(`/api/event/${event.id}/?interaction_type_id=abc`)).body;
    expect(noType).toMatchObject({ registered_users_count_by_interaction_type: 0 });
  });

  it('answers null total_amount without channels and 0 when channels have no payments', async () => {
    const em = app.em();
    const empty = await makeEvent(em, { publicOnWeb: true });
    const unpaid = await makeEvent(em, { publicOnWeb: true });
    await makeDonorPaymentChannel(em, { vs: '0000000009', user: await makeProfile(em), event: unpaid });
    expect((await app.api(`/api/event/${empty.id}/`)).body).toMatchObject({ users_paid: 0, total_amount: null });
    expect((await app.api(`/api/event/${unpaid.id}/`)).body).toMatchObject({ users_paid: 1, total_amount: 0 });
  });

  it('answers 404 for a hidden event, an unknown id and a non-integer id', async () => {
    const hidden = await makeEvent(app.em(), { publicOnWeb: false });
    for (const id of [hidden.id, 999999, 'abc']) {
      const res = await app.api(`/api/event/${id}/`);
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ detail: 'Nenalezeno.' });
    }
  });
});

describe('GET /api/administrative_unit/ and /api/interaction-type/ (api.md §5.3, §5.4)', () => {
  const app = useKlubApp();

  it('lists units as a bare array ordered by id, with officer names', async () => {
    const em = app.em();
    const president = await makeProfile(em, { firstName: 'Jana', lastName: 'Nová' });
    const u1 = await makeUnit(em, { name: 'Praha', president });
    const u2 = await makeUnit(em, { name: 'Brno', level: 'headquarter' });
    for (const path of ['/api/administrative_unit/', '/api/bronto/administrative_unit/']) {
      const res = await app.api(path);
      expect(res.status).toBe(200);
      expect(res.body).toEqual([
        {
          id: u1.id, name: 'Praha', street: '', city: '', zip_code: '', telephone: '',
          from_email_address: 'example@nothing_will_sent.ex', web_url: null, president_name: 'Jana Nová',
          manager_name: null, gps_latitude: null, gps_longitude: null, level: 'club',
        },
        expect.objectContaining({ id: u2.id, name: 'Brno', level: 'headquarter', president_name: null }),
      ]);
    }
    expect(await em.count(Profile, {})).toBe(1);
  });

  it('lists the built-in interaction types from start-up with their categories', async () => {
    const res = await app.api('/api/interaction-type/');
    expect(res.status).toBe(200);
    const types = res.body as Array<{ slug: string; name: string; category: { slug: string } }>;
    expect(types.map((t) => t.slug)).toEqual(
      expect.arrayContaining(['event_registration', 'event_attendance', 'volunteer', 'membership-application', 'membership-approval']),
    );
    expect(types.find((t) => t.slug === 'event_registration')).toMatchObject({
      name: 'Registrace do akci',
      category: { category: 'Účast na akci', slug: 'event_interaction' },
    });
  });
});

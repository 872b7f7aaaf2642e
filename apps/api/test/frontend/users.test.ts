import { describe, expect, it } from 'vitest';
import { Profile, ProfileEmail, Telephone } from '@klub/db';
import { execute, makeProfile } from '@klub/db/testing';
import { userSearchCondition } from '@klub/domain';
import { useKlubApp } from '../helpers/klub-app.js';
import { FORBIDDEN, NOT_FOUND, caller } from './fixture.js';

type Summary = { id: number; first_name: string };

describe('GET /api/frontend/users/ (api.md §7.11)', () => {
  const app = useKlubApp();

  async function people() {
    const em = app.em();
    const zofie = await makeProfile(em, { firstName: 'Žofie', lastName: 'Nováková', nickname: 'Zofka', email: 'zofie@example.org', city: 'Brno' });
    const admin = await makeProfile(em, { firstName: 'admin_first', lastName: 'admin_last', email: 'ho@ha.com' });
    const user = await makeProfile(em, { firstName: 'user_first', lastName: 'user_last', username: 'jan.novak' });
    em.create(Profile, { kind: 'company', name: 'Nováková s.r.o.', username: 'novakova-sro', email: 'firma@example.org' });
    em.create(Telephone, { user: zofie, telephone: '+420 111 222 333', note: 'work', isPrimary: null });
    em.create(Telephone, { user: zofie, telephone: '+420 777 888 999', note: '', isPrimary: true });
    await em.flush();
    // The profile's e-mail copy follows its primary profile_email (api.md §4.7).
    await execute(em, 'update profile set email = (select e.email from profile_email e where e.user_id = profile.id and e.is_primary)');
    return { zofie, admin, user };
  }

  it('returns UserSummary objects of user profiles only, by id; one by id', async () => {
    const { zofie, admin, user } = await people();
    const org = await caller(app, { roles: ['event_organizer'] });
    const res = await app.api('/api/frontend/users/', { headers: org.headers });
    expect(res.status).toBe(200);
    const list = res.body as Summary[];
    expect(list.map((p) => p.id)).toEqual([zofie.id, admin.id, user.id, org.id]);
    const expected = {
      id: zofie.id, first_name: 'Žofie', last_name: 'Nováková', nickname: 'Zofka', email: 'zofie@example.org', city: 'Brno',
      telephone_set: [
        { telephone: '+420 111 222 333', note: 'work', is_primary: null },
        { telephone: '+420 777 888 999', note: '', is_primary: true },
      ],
    };
    expect(list[0]).toEqual(expected);
    expect(await app.api(`/api/frontend/users/${zofie.id}/`, { headers: org.headers })).toMatchObject({ status: 200, body: expected });
    const company = await app.em().findOneOrFail(Profile, { kind: 'company' });
    expect(await app.api(`/api/frontend/users/${company.id}/`, { headers: org.headers })).toMatchObject({ status: 404, body: NOT_FOUND });
  });

  it('searches with q: accents, case and parts of names, username and e-mail; "<first> <last>" in either order', async () => {
    const { zofie, admin, user } = await people();
    const staff = await caller(app, { isStaff: true });
    const search = async (q: string) => {
      const res = await app.api(`/api/frontend/users/?q=${encodeURIComponent(q)}`, { headers: staff.headers });
      expect(res.status).toBe(200);
      return (res.body as Summary[]).map((p) => p.id);
    };
    expect(await search('zofie')).toEqual([zofie.id]);
    expect(await search('NOVÁKOVÁ')).toEqual([zofie.id]);
    expect(await search('novak')).toEqual([zofie.id, user.id]);
    expect(await search('ovako')).toEqual([zofie.id]);
    expect(await search('zofk')).toEqual([zofie.id]);
    expect(await search('jan.nov')).toEqual([user.id]);
    expect(await search('ho@ha.com')).toEqual([admin.id]);
    expect(await search('admin_first admin_last')).toEqual([admin.id]);
    expect(await search('admin_last admin_first')).toEqual([admin.id]);
    expect(await search('admin_first user_last')).toEqual([]);
    expect(await search('_first')).toEqual([admin.id, user.id]);
    expect(await search('%')).toEqual([]);
    expect(await search('firma')).toEqual([]);
    expect(await search('')).toHaveLength(4);
  });

  it('searches the maiden name too, and follows every change of the searched fields', async () => {
    const { zofie, user } = await people();
    const staff = await caller(app, { isStaff: true });
    const search = async (q: string) =>
      ((await app.api(`/api/frontend/users/?q=${encodeURIComponent(q)}`, { headers: staff.headers })).body as Summary[]).map((p) => p.id);
    await execute(app.em(), `update profile set maiden_name = 'Procházková' where id = ?`, [zofie.id]);
    expect(await search('PROCHAZK')).toEqual([zofie.id]);
    await execute(app.em(), `update profile set maiden_name = '', username = 'nova.prezdivka' || id where id in (?)`, [[zofie.id, user.id]]);
    expect(await search('prochazk')).toEqual([]);
    expect(await search('prezdivk')).toEqual([zofie.id, user.id]);
  });

  it('is refused to anonymous callers and ordinary users', async () => {
    const plain = await caller(app);
    expect(await app.api('/api/frontend/users/', { headers: { 'accept-language': 'en' } })).toMatchObject({
      status: 403,
      body: { detail: 'Authentication credentials were not provided.' },
    });
    expect(await app.api('/api/frontend/users/', { headers: plain.headers })).toMatchObject({ status: 403, body: FORBIDDEN });
  });

  it('keeps every match unpaginated by default; page / page_size opt in to the DRF envelope (issue 21)', async () => {
    const org = await caller(app, { roles: ['event_organizer'] });
    const em = app.em();
    await execute(em, `insert into profile (kind, username, first_name, last_name, nickname, email)
      select 'user', 'nov' || g, 'Petr', 'Novák ' || g, '', 'nov' || g || '@example.org' from generate_series(1, 25) g`);
    const all = await app.api('/api/frontend/users/?q=nov', { headers: org.headers });
    expect(Array.isArray(all.body)).toBe(true);
    const ids = (all.body as Summary[]).map((p) => p.id);
    expect(ids).toHaveLength(25);

    const base = `${app.url.replace('127.0.0.1', '127.0.0.1')}/api/frontend/users/`;
    const first = await app.api('/api/frontend/users/?q=nov&page_size=10', { headers: org.headers });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ count: 25, next: `${base}?q=nov&page_size=10&page=2`, previous: null });
    expect((first.body as { results: Summary[] }).results.map((p) => p.id)).toEqual(ids.slice(0, 10));

    const second = await app.api('/api/frontend/users/?q=nov&page=2', { headers: org.headers });
    expect(second.body).toMatchObject({ count: 25, next: `${base}?q=nov&page=3`, previous: `${base}?q=nov` });
    expect((second.body as { results: Summary[] }).results.map((p) => p.id)).toEqual(ids.slice(10, 20));

    const last = await app.api('/api/frontend/users/?q=nov&page=last', { headers: org.headers });
    expect((last.body as { results: Summary[] }).results.map((p) => p.id)).toEqual(ids.slice(20));
    expect(await app.api('/api/frontend/users/?q=nov&page=4', { headers: { ...org.headers, 'accept-language': 'en' } })).toMatchObject({
      status: 404,
      body: { detail: 'Invalid page.' },
    });
    // Without q, every user profile (the caller too) is paginated the same way.
    const everyone = await app.api('/api/frontend/users/?page_size=100', { headers: org.headers });
    expect(everyone.body).toMatchObject({ count: 26, next: null, previous: null });
  });

  it('answers q from the trigram index on 100 000 profiles', async () => {
    const em = app.em();
    await execute(
      em,
      `insert into profile (kind, username, first_name, last_name, nickname, email)
       select 'user', 'login' || g, 'Jméno' || g, 'Příjmení' || g, '', 'person' || g || '@example.org'
         from generate_series(1, 100000) g`,
    );
    await execute(em, 'analyze profile');
    for (const q of ['jmeno4242', 'person77@example', 'Jméno12 Příjmení12']) {
      const { sql, params } = userSearchCondition(q);
      const plan = await execute<Array<{ 'QUERY PLAN': string }>>(em, `explain select id from profile where kind = 'user' and ${sql} order by id`, params);
      const text = plan.map((r) => r['QUERY PLAN']).join('\n');
      expect(text).toContain('profile_search_trgm_index');
      expect(text).not.toMatch(/Seq Scan on profile/);
    }
    const org = await caller(app, { roles: ['event_organizer'] });
    const started = Date.now();
    const res = await app.api(`/api/frontend/users/?q=${encodeURIComponent('Příjmení4242')}`, { headers: org.headers });
    expect((res.body as Array<{ username?: string; first_name: string }>).map((p) => p.first_name)).toEqual(['Jméno4242', 'Jméno42420', 'Jméno42421', 'Jméno42422', 'Jméno42423', 'Jméno42424', 'Jméno42425', 'Jméno42426', 'Jméno42427', 'Jméno42428', 'Jméno42429']);
    expect(Date.now() - started).toBeLessThan(2000);
  }, 120_000);
});

describe('/api/frontend/edit_userprofile/{id}/?dob= (api.md §7.12)', () => {
  const app = useKlubApp();

  async function born() {
    return makeProfile(app.em(), {
      firstName: 'user2_first', lastName: 'user2_last', nickname: 'user2_nickname', city: 'Prague', ageGroup: 2003, birthMonth: 3, birthDay: 29,
    });
  }
  const NEED_DOB = { error: 'must specify date of birth in query arg `dob` in the form YYYY-MM-DD' };

  it('follows the reference test: the dob rule (missing, malformed, mismatched, correct), then a PATCH', async () => {
    const p = await born();
    const org = await caller(app, { roles: ['event_organizer'] });
    const get = (q: string) => app.api(`/api/frontend/edit_userprofile/${p.id}/${q}`, { headers: org.headers });
    expect(await get('?dob=1993-03-29')).toMatchObject({ status: 404, body: NOT_FOUND });
    expect(await get('?dob=1993--29')).toMatchObject({ status: 403, body: NEED_DOB });
    expect(await get('?dob=2003-02-30')).toMatchObject({ status: 403, body: NEED_DOB });
    expect(await get('')).toMatchObject({ status: 403, body: NEED_DOB });
    expect(await app.api('/api/frontend/edit_userprofile/', { headers: org.headers })).toMatchObject({ status: 404 });
    expect(await get('?dob=2003-03-29')).toMatchObject({
      status: 200,
      body: {
        id: p.id, first_name: 'user2_first', last_name: 'user2_last', nickname: 'user2_nickname', email: null, telephone_set: [],
        city: 'Prague', note: '', age_group: 2003, birth_month: 3, birth_day: 29, street: '', zip_code: '',
      },
    });
    expect(await app.api(`/api/frontend/edit_userprofile/${p.id}/?dob=2003-03-29`, { method: 'PATCH', headers: org.headers, json: { first_name: 'Fooo' } })).toMatchObject({
      status: 200,
      body: { first_name: 'Fooo', last_name: 'user2_last' },
    });
    expect((await get('?dob=2003-3-29')).body).toMatchObject({ first_name: 'Fooo' });
  });

  it('checks dob before the body; bad input is 400 and changes nothing', async () => {
    const p = await born();
    const staff = await caller(app, { isStaff: true });
    const patch = (q: string, json: unknown) => app.api(`/api/frontend/edit_userprofile/${p.id}/${q}`, { method: 'PATCH', headers: staff.headers, json });
    expect(await patch('', { age_group: 'x' })).toMatchObject({ status: 403, body: NEED_DOB });
    expect(await patch('?dob=2000-01-01', { age_group: 'x' })).toMatchObject({ status: 404, body: NOT_FOUND });
    const thisYear = new Date().getFullYear();
    const cases: Array<[unknown, unknown]> = [
      [{ age_group: 1800, birth_month: 13, birth_day: 0 }, { age_group: ['"1800" is not a valid choice.'], birth_month: ['"13" is not a valid choice.'], birth_day: ['"0" is not a valid choice.'] }],
      [{ age_group: thisYear + 1 }, { age_group: [`"${thisYear + 1}" is not a valid choice.`] }],
      [{ first_name: 'x'.repeat(129), note: { a: 1 } }, { first_name: ['Ensure this field has no more than 128 characters.'], note: ['Not a valid string.'] }],
      [{ email: 'not-an-email', zip_code: 'z'.repeat(31) }, { email: ['Enter a valid email address.'], zip_code: ['Ensure this field has no more than 30 characters.'] }],
    ];
    for (const [json, body] of cases) {
      const res = await patch('?dob=2003-03-29', json);
      expect({ json, status: res.status, body: res.body }).toEqual({ json, status: 400, body });
    }
    const other = await makeProfile(app.em(), { email: 'taken@example.org' });
    expect(await patch('?dob=2003-03-29', { email: 'Taken@example.org', city: 'Brno' })).toMatchObject({ status: 400, body: { email: ['This field must be unique.'] } });
    const stored = await app.em().findOneOrFail(Profile, p.id);
    expect([stored.city, stored.ageGroup, stored.firstName, stored.email]).toEqual(['Prague', 2003, 'user2_first', null]);
    expect(other.id).not.toBe(p.id);
  });

  it('PUT and PATCH set the primary e-mail (lower-cased; "" removes it) and the birth date, which the next call must use', async () => {
    const p = await born();
    const org = await caller(app, { roles: ['event_organizer'] });
    const path = (dob: string) => `/api/frontend/edit_userprofile/${p.id}/?dob=${dob}`;
    expect(await app.api(path('2003-03-29'), { method: 'PUT', headers: org.headers, json: { email: ' New@Example.org ', street: 'Main 1', age_group: '2004', birth_day: 1 } })).toMatchObject({
      status: 200,
      body: { email: 'new@example.org', street: 'Main 1', age_group: 2004, birth_month: 3, birth_day: 1 },
    });
    const emails = await app.em().find(ProfileEmail, { user: p.id });
    expect(emails.map((e) => [e.email, e.isPrimary])).toEqual([['new@example.org', true]]);
    const found = await app.api('/api/frontend/users/?q=new@example', { headers: org.headers });
    expect((found.body as Summary[]).map((s) => s.id)).toEqual([p.id]);

    expect(await app.api(path('2003-03-29'), { headers: org.headers })).toMatchObject({ status: 404 });
    expect(await app.api(path('2004-03-01'), { method: 'PATCH', headers: org.headers, json: { email: '' } })).toMatchObject({ status: 200, body: { email: null } });
  });
});

describe('/api/frontend/whoami (api.md §7.1)', () => {
  const app = useKlubApp();

  it('answers who the caller is, with and without the trailing slash', async () => {
    const su = await caller(app, { isSuperuser: true, isStaff: true, firstName: 'admin_first', lastName: 'admin_last' });
    const body = { id: su.id, first_name: 'admin_first', last_name: 'admin_last', nickname: '', is_staff: true, is_superuser: true, is_event_organizer: true };
    expect(await app.api('/api/frontend/whoami', { headers: su.headers })).toMatchObject({ status: 200, body });
    expect(await app.api('/api/frontend/whoami/', { headers: su.headers })).toMatchObject({ status: 200, body });
    const plain = await caller(app);
    expect((await app.api('/api/frontend/whoami', { headers: plain.headers })).body).toMatchObject({ is_staff: false, is_superuser: false, is_event_organizer: false });
    const org = await caller(app, { roles: ['event_organizer'] });
    expect((await app.api('/api/frontend/whoami', { headers: org.headers })).body).toMatchObject({ is_event_organizer: true });
  });

  it('updates the caller’s own names with POST and PATCH, partially, ignoring other keys (D19)', async () => {
    const me = await caller(app, { firstName: 'Ann', lastName: 'Lee' });
    expect(await app.api('/api/frontend/whoami', { method: 'POST', headers: me.headers, json: { first_name: 'Anna', is_staff: true, is_superuser: true } })).toMatchObject({
      status: 200,
      body: { id: me.id, first_name: 'Anna', last_name: 'Lee', nickname: '', is_staff: false, is_superuser: false },
    });
    expect(await app.api('/api/frontend/whoami/', { method: 'PATCH', headers: me.headers, json: { nickname: 'An', last_name: 42 } })).toMatchObject({
      status: 200,
      body: { first_name: 'Anna', last_name: '42', nickname: 'An' },
    });
  });

  it('answers non-string or too long values with 400 and changes nothing (D20)', async () => {
    const me = await caller(app, { firstName: 'Ann' });
    const res = await app.api('/api/frontend/whoami', { method: 'POST', headers: me.headers, json: { first_name: ['x'], last_name: 'x'.repeat(129), nickname: true } });
    expect(res).toMatchObject({
      status: 400,
      body: { first_name: ['Not a valid string.'], last_name: ['Ensure this field has no more than 128 characters.'], nickname: ['Not a valid string.'] },
    });
    expect((await app.em().findOneOrFail(Profile, me.id)).firstName).toBe('Ann');
  });
});

describe('GET /api/frontend/ (api.md §7.2)', () => {
  const app = useKlubApp();

  it('maps the list names to absolute URLs', async () => {
    const res = await app.api('/api/frontend/');
    const names = ['events', 'my_events', 'organized_events', 'event_orgteam', 'event_organization_position', 'event-type', 'locations', 'users', 'attendees', 'my_interactions'];
    expect(res.status).toBe(200);
    expect(res.body).toEqual(Object.fromEntries(names.map((n) => [n, `${app.url}/api/frontend/${n}/`])));
    for (const url of Object.values(res.body as Record<string, string>)) {
      expect((await app.api(new URL(url).pathname)).status).not.toBe(404);
    }
  });
});

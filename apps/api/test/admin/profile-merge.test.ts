import { describe, expect, it } from 'vitest';
import { useKlubApp, type KlubApp } from '../helpers/klub-app.js';
import { caller, EN, superuser } from './helpers.js';

/** Issue 17 §2: the duplicate finder and the merge, over HTTP on the real database. */

type Row = Record<string, unknown>;
type Pair = { first: { id: number }; second: { id: number }; reasons: string[] };
type Page = { count: number; next: string | null; previous: string | null; results: Pair[] };

function sqlOn(app: KlubApp) {
  return async <T = Row>(query: string, params: unknown[] = []): Promise<T[]> =>
    app.em().getConnection().execute<T[]>(query, params);
}

/** A user profile by plain SQL (no profile_email row unless asked), answering its id. */
async function person(app: KlubApp, fields: Row = {}): Promise<number> {
  const sql = sqlOn(app);
  const row = {
    kind: 'user',
    first_name: 'Test',
    last_name: `Person ${Math.random().toString(36).slice(2)}`,
    ...fields,
  };
  const cols = Object.keys(row);
  const [created] = await sql<{ id: number }>(
    `insert into profile (${cols.join(', ')}) values (${cols.map(() => '?').join(', ')}) returning id`,
    Object.values(row),
  );
  return created!.id;
}

describe('GET /api/admin/profiles/duplicates/', () => {
  const app = useKlubApp();

  it('pairs people by e-mail, phone, name with birth date, name with city, with every reason; pages; leaves others alone', async () => {
    const su = await superuser(app);
    const api = caller(app, su.headers);
    const sql = sqlOn(app);

    // The same e-mail: one as the profile's copy, the other among its profile e-mails.
    const a1 = await person(app, { email: ' Jana@Example.ORG ' });
    const a2 = await person(app);
    await sql('insert into profile_email (email, is_primary, user_id) values (?, true, ?)', ['jana@example.org', a2]);
    // The same number, with and without the Czech prefix.
    const b1 = await person(app);
    const b2 = await person(app);
    await sql('insert into telephone (telephone, is_primary, user_id) values (?, true, ?), (?, true, ?)', [
      '+420 777 123 456',
      b1,
      '777123456',
      b2,
    ]);
    const other = await person(app);
    await sql('insert into telephone (telephone, user_id) values (?, ?)', ['777 123 457', other]);
    // The same name (case and accents aside) and birth date; different cities.
    const c1 = await person(app, {
      first_name: 'Jiří',
      last_name: 'Novák',
      age_group: 1980,
      birth_month: 5,
      birth_day: 3,
      city: 'Praha',
    });
    const c2 = await person(app, {
      first_name: 'JIRI',
      last_name: 'novak',
      age_group: 1980,
      birth_month: 5,
      birth_day: 3,
      city: 'Ostrava',
    });
    await person(app, {
      first_name: 'Jiří',
      last_name: 'Novák',
      age_group: 1981,
      birth_month: 5,
      birth_day: 3,
      city: 'Plzeň',
    });
    // The same name and city; no birth date.
    const d1 = await person(app, { first_name: 'Petr', last_name: 'Svoboda', city: 'Brno' });
    const d2 = await person(app, { first_name: 'petr ', last_name: 'Svoboda', city: ' BRNO' });
    await person(app, { first_name: 'Petr', last_name: 'Svoboda', city: 'Jihlava' });
    // Two reasons at once.
    const h1 = await person(app, { first_name: 'Eva', last_name: 'Malá', city: 'Tábor', email: 'eva@example.org' });
    const h2 = await person(app, { first_name: 'Eva', last_name: 'Mala', city: 'Tabor', email: 'EVA@example.org' });
    // A company with the same e-mail as a person is not that person.
    await person(app, {
      kind: 'company',
      first_name: '',
      last_name: '',
      name: 'Jana s.r.o.',
      email: 'jana@example.org',
    });

    const res = await api('GET', '/api/admin/profiles/duplicates/');
    expect(res.status, res.text).toBe(200);
    const page = res.body as Page;
    const got = page.results.map((p) => [p.first.id, p.second.id, p.reasons]);
    expect(got).toEqual([
      [a1, a2, ['email']],
      [b1, b2, ['telephone']],
      [c1, c2, ['name_birth_date']],
      [d1, d2, ['name_city']],
      [h1, h2, ['email', 'name_city']],
    ]);
    expect(page.count).toBe(5);
    expect(page.results[2]!.first).toMatchObject({
      id: c1,
      first_name: 'Jiří',
      last_name: 'Novák',
      age_group: 1980,
      birth_month: 5,
      birth_day: 3,
    });

    const first = (await api('GET', '/api/admin/profiles/duplicates/?page_size=2')).body as Page;
    expect(first.count).toBe(5);
    expect(first.results.map((p) => p.first.id)).toEqual([a1, b1]);
    expect(first.next).toMatch(/\/api\/admin\/profiles\/duplicates\/\?page_size=2&page=2$/);
    const last = (await api('GET', '/api/admin/profiles/duplicates/?page_size=2&page=3')).body as Page;
    expect(last.results.map((p) => p.first.id)).toEqual([h1]);
    expect(last.next).toBeNull();
    expect((await api('GET', '/api/admin/profiles/duplicates/?page=4&page_size=2')).status).toBe(404);
  });

  it('is for staff, within their units (issue 17 §1; unit-scope.test.ts has both units)', async () => {
    const plain = await app.user();
    const refused = { authorization: `Bearer ${plain.access}`, ...EN };
    expect((await caller(app, refused)('GET', '/api/admin/profiles/duplicates/')).status).toBe(403);
    expect((await caller(app, refused)('POST', '/api/admin/profiles/merge/', { survivor: 1, other: 2 })).status).toBe(403);
    expect((await app.api('/api/admin/profiles/duplicates/')).status).toBe(403);
    // Staff of no unit reach nobody: no pairs, and both people are unknown to them.
    const su = await superuser(app);
    const a = await caller(app, su.headers)('POST', '/api/admin/profiles/', { first_name: 'Jana', last_name: 'Nová', city: 'Brno' });
    const b = await caller(app, su.headers)('POST', '/api/admin/profiles/', { first_name: 'Jana', last_name: 'Nová', city: 'Brno' });
    const staff = await app.user({ isStaff: true });
    const headers = { authorization: `Bearer ${staff.access}`, ...EN };
    expect((await caller(app, headers)('GET', '/api/admin/profiles/duplicates/')).body).toMatchObject({ count: 0 });
    const merge = { survivor: (a.body as { id: number }).id, other: (b.body as { id: number }).id };
    expect((await caller(app, headers)('POST', '/api/admin/profiles/merge/', merge)).status).toBe(404);
  });
});

describe('POST /api/admin/profiles/merge/', () => {
  const app = useKlubApp();

  /** Supporting rows every fixture below may use. */
  async function world() {
    const sql = sqlOn(app);
    const one = async (q: string, p: unknown[] = []) => (await sql<{ id: number }>(`${q} returning id`, p))[0]!.id;
    const unit = await one("insert into administrative_unit (name, slug) values ('U1', 'u1')");
    const unit2 = await one("insert into administrative_unit (name, slug) values ('U2', 'u2')");
    const event = await one("insert into event (name, slug) values ('E', 'e')");
    const event2 = await one("insert into event (name, slug) values ('E2', 'e2')");
    const account = await one(
      "insert into money_account (kind, administrative_unit_id, bank_account_number) values ('bank', ?, '123/0100')",
      [unit],
    );
    const position = await one("insert into organization_position (name) values ('Cook')");
    const category = await one("insert into interaction_category (category, slug) values ('C', 'c')");
    const type = await one("insert into interaction_type (name, category_id, slug) values ('T', ?, 't')", [category]);
    const app1 = await one(
      "insert into oauth_application (client_id, client_secret_hash, name) values ('c1', 'x', 'A')",
    );
    const neutral = await person(app);
    return { sql, one, unit, unit2, event, event2, account, position, type, app1, neutral };
  }
  type World = Awaited<ReturnType<typeof world>>;

  /**
   * One row per foreign key to profile, keyed `table.column`, pointing at `id`. The test
   * checks this list against pg_constraint: a new table that refers to profile fails it
   * until it gets a row here (and the merge, being driven by pg_constraint, already moves it).
   */
  const FIXTURES: Record<string, (w: World, id: number, n: number) => Promise<unknown>> = {
    'administrative_unit.president_id': (w, id, n) =>
      w.sql("insert into administrative_unit (name, slug, president_id) values ('P', ?, ?)", [`p${n}`, id]),
    'administrative_unit.vice_president_id': (w, id, n) =>
      w.sql("insert into administrative_unit (name, slug, vice_president_id) values ('V', ?, ?)", [`v${n}`, id]),
    'administrative_unit.manager_id': (w, id, n) =>
      w.sql("insert into administrative_unit (name, slug, manager_id) values ('M', ?, ?)", [`m${n}`, id]),
    'audit_log.actor_id': (w, id) =>
      w.sql("insert into audit_log (actor_kind, action, resource, actor_id) values ('jwt', 'update', 'events', ?)", [
        id,
      ]),
    'company_contact.company_id': (w, id) =>
      w.sql('insert into company_contact (administrative_unit_id, company_id) values (?, ?)', [w.unit, id]),
    'donor_payment_channel.user_id': (w, id, n) =>
      w.sql(
        'insert into donor_payment_channel (vs, money_account_id, administrative_unit_id, event_id, user_id) values (?, ?, ?, ?, ?)',
        [`9${n}`, w.account, w.unit, n === 1 ? w.event : w.event2, id],
      ),
    'interaction.user_id': (w, id) =>
      w.sql(
        "insert into interaction (user_id, administrative_unit_id, type_id, subject, date_from) values (?, ?, ?, 'S', now())",
        [id, w.unit, w.type],
      ),
    'interaction.created_by_id': (w, id) =>
      w.sql(
        "insert into interaction (user_id, administrative_unit_id, type_id, subject, date_from, created_by_id) values (?, ?, ?, 'S', now(), ?)",
        [w.neutral, w.unit, w.type, id],
      ),
    'interaction.handled_by_id': (w, id) =>
      w.sql(
        "insert into interaction (user_id, administrative_unit_id, type_id, subject, date_from, handled_by_id) values (?, ?, ?, 'S', now(), ?)",
        [w.neutral, w.unit, w.type, id],
      ),
    'mailing_consent_change.profile_id': (w, id) =>
      w.sql(
        "insert into mailing_consent_change (profile_id, administrative_unit_id, old_value, new_value, source) values (?, ?, null, true, 'signup')",
        [id, w.unit],
      ),
    'mailing_consent_change.actor_id': (w, id) =>
      w.sql(
        "insert into mailing_consent_change (profile_id, administrative_unit_id, old_value, new_value, source, actor_id) values (?, ?, true, false, 'staff', ?)",
        [w.neutral, w.unit, id],
      ),
    'person_import.created_by_id': (w, id) =>
      w.sql(
        "insert into person_import (administrative_unit_id, created_by_id, file_key, file_name, file_hash, format, headers) values (?, ?, 'k', 'people.csv', 'h', 'csv', '[]')",
        [w.unit, id],
      ),
    'tax_confirmation.profile_id': (w, id) =>
      w.sql('insert into tax_confirmation (profile_id, administrative_unit_id, year, amount) values (?, ?, 2025, 500)', [id, w.unit]),
    'mailing.created_by_id': (w, id) =>
      w.sql("insert into mailing (name, administrative_unit_id, created_by_id) values ('M', ?, ?)", [w.unit, id]),
    'mailing_recipient.profile_id': async (w, id) => {
      const [m] = await w.sql<{ id: number }>("insert into mailing (name, administrative_unit_id) values ('R', ?) returning id", [w.unit]);
      return w.sql('insert into mailing_recipient (mailing_id, profile_id) values (?, ?)', [m!.id, id]);
    },
    'automatic_message.created_by_id': (w, id) =>
      w.sql("insert into automatic_message (name, administrative_unit_id, trigger, created_by_id) values ('A', ?, 'registered', ?)", [w.unit, id]),
    'automatic_message_send.profile_id': async (w, id) => {
      const [a] = await w.sql<{ id: number }>("insert into automatic_message (name, administrative_unit_id, trigger) values ('S', ?, 'registered') returning id", [w.unit]);
      return w.sql('insert into automatic_message_send (automatic_message_id, profile_id) values (?, ?)', [a!.id, id]);
    },
    'automatic_message_member.profile_id': async (w, id) => {
      const [a] = await w.sql<{ id: number }>("insert into automatic_message (name, administrative_unit_id, trigger) values ('M', ?, 'registered') returning id", [w.unit]);
      return w.sql('insert into automatic_message_member (automatic_message_id, profile_id) values (?, ?)', [a!.id, id]);
    },
    'oauth_access_token.user_id': (w, id, n) =>
      w.sql(
        "insert into oauth_access_token (token_hash, application_id, expires, scope, user_id) values (?, ?, now(), 'read', ?)",
        [`a${n}`, w.app1, id],
      ),
    'segment.created_by_id': (w, id, n) =>
      w.sql("insert into segment (name, rule, created_by_id) values (?, '{}'::jsonb, ?)", [`s${n}`, id]),
    'oauth_application.user_id': (w, id, n) =>
      w.sql("insert into oauth_application (client_id, client_secret_hash, name, user_id) values (?, 'x', 'B', ?)", [
        `cl${n}`,
        id,
      ]),
    'oauth_refresh_token.user_id': (w, id, n) =>
      w.sql('insert into oauth_refresh_token (token_hash, application_id, user_id) values (?, ?, ?)', [
        `r${n}`,
        w.app1,
        id,
      ]),
    'organization_team.profile_id': (w, id) =>
      w.sql('insert into organization_team (profile_id, event_id, position_id) values (?, ?, ?)', [
        id,
        w.event,
        w.position,
      ]),
    'pdf_storage.author_id': (w, id) =>
      w.sql(
        "insert into pdf_storage (name, topic, pdf_file, administrative_unit_id, author_id) values ('N', 'T', 'f.pdf', ?, ?)",
        [w.unit, id],
      ),
    'preference.user_id': (w, id) =>
      w.sql('insert into preference (user_id, administrative_unit_id, newsletter_on) values (?, ?, ?)', [
        id,
        w.unit,
        id === w.neutral,
      ]),
    'profile_administrated_units.profile_id': (w, id) =>
      w.sql('insert into profile_administrated_units (profile_id, administrative_unit_id) values (?, ?)', [id, w.unit]),
    'profile_administrative_units.profile_id': (w, id) =>
      w.sql('insert into profile_administrative_units (profile_id, administrative_unit_id) values (?, ?)', [
        id,
        w.unit,
      ]),
    'profile_email.user_id': (w, id, n) =>
      w.sql('insert into profile_email (email, is_primary, user_id) values (?, true, ?)', [`p${n}@example.org`, id]),
    'profile_role.profile_id': (w, id) =>
      w.sql("insert into profile_role (profile_id, role) values (?, 'event_organizer')", [id]),
    'session.user_id': (w, id, n) =>
      w.sql("insert into session (id, user_id, expires_at, csrf_token) values (?, ?, now() + interval '1 day', 'x')", [
        `s${n}`,
        id,
      ]),
    'telephone.user_id': (w, id, n) =>
      w.sql('insert into telephone (telephone, is_primary, user_id) values (?, true, ?)', [`60000000${n}`, id]),
  };

  async function foreignKeys(w: World): Promise<Array<{ table: string; column: string }>> {
    return w.sql(
      `select c.conrelid::regclass::text as "table", a.attname as "column"
         from pg_constraint c join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
        where c.contype = 'f' and c.confrelid = 'profile'::regclass order by 1, 2`,
    );
  }

  const countOf = async (w: World, fk: { table: string; column: string }, id: number) =>
    Number((await w.sql<{ n: string }>(`select count(*) as n from ${fk.table} where ${fk.column} = ?`, [id]))[0]!.n);

  it('moves every reference (each foreign key to profile) to the survivor and deletes the other', async () => {
    const su = await superuser(app);
    const api = caller(app, su.headers);
    const w = await world();
    const survivor = await person(app, { first_name: 'Jana', last_name: 'Nová', note: 'Survivor note' });
    const other = await person(app, { first_name: 'Jana', last_name: 'Nova', note: 'Other note', city: 'Brno' });
    const fks = await foreignKeys(w);
    expect(fks.map((f) => `${f.table}.${f.column}`).sort()).toEqual(Object.keys(FIXTURES).sort());
    for (const [key, make] of Object.entries(FIXTURES)) {
      await make(w, survivor, 1);
      await make(w, other, 2);
      expect(key).toBeTruthy();
    }
    const before = new Map<string, number>();
    for (const fk of fks) {
      expect(await countOf(w, fk, other), `${fk.table}.${fk.column} before`).toBeGreaterThan(0);
      before.set(`${fk.table}.${fk.column}`, await countOf(w, fk, survivor));
    }

    const res = await api('POST', '/api/admin/profiles/merge/', { survivor, other });
    expect(res.status, res.text).toBe(200);

    for (const fk of fks) {
      expect(await countOf(w, fk, other), `${fk.table}.${fk.column} after, other`).toBe(0);
      expect(await countOf(w, fk, survivor), `${fk.table}.${fk.column} after, survivor`).toBeGreaterThanOrEqual(
        before.get(`${fk.table}.${fk.column}`)!,
      );
    }
    expect(await w.sql('select id from profile where id = ?', [other])).toEqual([]);
    const body = res.body as {
      profile: Row;
      merged_id: number;
      references: Array<{ table: string; column: string; moved: number; united: number }>;
    };
    expect(body.merged_id).toBe(other);
    expect(body.profile).toMatchObject({ id: survivor, note: 'Survivor note\n\nOther note', email: 'p1@example.org' });
    // Distinct rows moved; the same unit / preference / role / team place was united.
    const ref = (t: string) => body.references.find((r) => `${r.table}.${r.column}` === t);
    expect(ref('interaction.user_id')).toEqual({ table: 'interaction', column: 'user_id', moved: 1, united: 0 });
    // Sign-ins end rather than move: the survivor keeps only its own session and tokens.
    for (const t of ['session.user_id', 'oauth_access_token.user_id', 'oauth_refresh_token.user_id']) {
      expect(
        await countOf(
          w,
          fks.find((f) => `${f.table}.${f.column}` === t)!,
          survivor,
        ),
        t,
      ).toBe(before.get(t));
    }
    expect(ref('profile_administrative_units.profile_id')).toMatchObject({ moved: 0, united: 1 });
    expect(ref('preference.user_id')).toMatchObject({ moved: 0, united: 1 });
    expect(ref('profile_email.user_id')).toMatchObject({ moved: 1, united: 1 });
    const emails = await w.sql('select email, is_primary from profile_email where user_id = ? order by email', [
      survivor,
    ]);
    expect(emails).toEqual([
      { email: 'p1@example.org', is_primary: true },
      { email: 'p2@example.org', is_primary: null },
    ]);
  });

  it('unites collisions: the same phone spelt differently, the same event channel with its payments, the survivor’s preference', async () => {
    const su = await superuser(app);
    const api = caller(app, su.headers);
    const w = await world();
    const survivor = await person(app);
    const other = await person(app, { email: 'other@example.org' });
    await w.sql('insert into profile_email (email, is_primary, user_id) values (?, true, ?)', [
      'other@example.org',
      other,
    ]);
    await w.sql(
      'insert into telephone (telephone, is_primary, user_id) values (?, true, ?), (?, true, ?), (?, null, ?)',
      ['777123456', survivor, '+420 777 123 456', other, '608000000', other],
    );
    await w.sql(
      'insert into preference (user_id, administrative_unit_id, newsletter_on) values (?, ?, true), (?, ?, false), (?, ?, true)',
      [survivor, w.unit, other, w.unit, other, w.unit2],
    );
    const channel = async (id: number, vs: string) =>
      w.one(
        'insert into donor_payment_channel (vs, money_account_id, administrative_unit_id, event_id, user_id) values (?, ?, ?, ?, ?)',
        [vs, w.account, w.unit, w.event, id],
      );
    const kept = await channel(survivor, '111');
    const dropped = await channel(other, '222');
    const payment = await w.one(
      "insert into payment (date, amount, type, user_donor_payment_channel_id) values (current_date, 100, 'bank-transfer', ?)",
      [dropped],
    );

    // The merge screen's preview: the same answer, nothing written (both people, their rows, no audit entry).
    const audit = async () => (await w.sql<{ n: string }>('select count(*) as n from audit_log'))[0]!.n;
    const auditBefore = await audit();
    const preview = await api('POST', '/api/admin/profiles/merge/', { survivor, other, dry_run: true });
    expect(preview.status, preview.text).toBe(200);
    const moved = (preview.body as { references: Array<{ table: string; column: string; moved: number; united: number }> }).references;
    expect(moved.find((r) => r.table === 'donor_payment_channel')).toMatchObject({ moved: 0, united: 1 });
    expect(moved.find((r) => r.table === 'preference')).toMatchObject({ moved: 1, united: 1 });
    expect(await w.sql('select id from profile where id in (?, ?) order by id', [survivor, other])).toHaveLength(2);
    expect(await w.sql('select id from donor_payment_channel where user_id = ?', [other])).toEqual([{ id: dropped }]);
    expect(await audit()).toBe(auditBefore);

    const res = await api('POST', '/api/admin/profiles/merge/', { survivor, other });
    expect(res.status, res.text).toBe(200);
    expect((res.body as { references: unknown }).references).toEqual(moved);

    expect(
      await w.sql('select telephone, is_primary from telephone where user_id = ? order by id', [survivor]),
    ).toEqual([
      { telephone: '777123456', is_primary: true },
      { telephone: '608000000', is_primary: null },
    ]);
    expect(
      await w.sql('select administrative_unit_id as unit, newsletter_on from preference where user_id = ? order by 1', [
        survivor,
      ]),
    ).toEqual([
      { unit: w.unit, newsletter_on: true },
      { unit: w.unit2, newsletter_on: true },
    ]);
    expect(await w.sql('select id from donor_payment_channel where user_id = ?', [survivor])).toEqual([{ id: kept }]);
    expect(await w.sql('select user_donor_payment_channel_id as channel from payment where id = ?', [payment])).toEqual(
      [{ channel: kept }],
    );
    // The survivor had no e-mail: the other's primary address is now its primary, and the copy follows.
    expect((res.body as { profile: Row }).profile).toMatchObject({ email: 'other@example.org' });
  });

  it('keeps the other person’s full record in the audit log', async () => {
    const su = await superuser(app);
    const api = caller(app, su.headers);
    const survivor = await person(app);
    const other = await person(app, {
      first_name: 'Olga',
      last_name: 'Merged',
      city: 'Kolín',
      password: 'pbkdf2_sha256$1$salt$hash',
    });
    await sqlOn(app)('insert into telephone (telephone, user_id) values (?, ?)', ['608111222', other]);
    expect((await api('POST', '/api/admin/profiles/merge/', { survivor, other })).status).toBe(200);

    const log = (await api('GET', `/api/admin/audit-log/?resource=profiles&action=merge&object_id=${survivor}`))
      .body as { results: Row[] };
    expect(log.results).toHaveLength(1);
    const changes = log.results[0]!.changes as { merged_profile: { old: Row } };
    expect(changes.merged_profile.old).toMatchObject({
      id: other,
      first_name: 'Olga',
      last_name: 'Merged',
      city: 'Kolín',
      telephones: [expect.objectContaining({ telephone: '608111222' })],
    });
    expect(changes.merged_profile.old).not.toHaveProperty('password');
    const trail = (await api('GET', `/api/admin/audit-log/?resource=profiles&object_id=${other}`)).body as {
      results: Row[];
    };
    expect(trail.results.map((r) => [r.action, r.changes])).toEqual([
      ['merged-into', { merged_into: { new: survivor } }],
    ]);
  });

  it('refuses a merge with itself (400) and unknown ids (404)', async () => {
    const su = await superuser(app);
    const api = caller(app, su.headers);
    const one = await person(app);
    const self = await api('POST', '/api/admin/profiles/merge/', { survivor: one, other: one });
    expect(self.status).toBe(400);
    expect(self.body).toEqual({ other: ['A profile cannot be merged with itself.'] });
    expect((await api('POST', '/api/admin/profiles/merge/', { survivor: one, other: 999999 })).status).toBe(404);
    expect((await api('POST', '/api/admin/profiles/merge/', { survivor: 999999, other: one })).status).toBe(404);
    expect(await sqlOn(app)('select id from profile where id = ?', [one])).toEqual([{ id: one }]);
  });
});

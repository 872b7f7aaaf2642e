import type { AnyProcedure } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useKlubApp, type KlubApp } from '../helpers/klub-app.js';
import { appRouter } from '../../src/routers/index.js';
import type { Meta } from '../../src/trpc/init.js';

/**
 * No N+1 (issue 7): every GET endpoint of the API (read from the router, so new ones are
 * covered without edits) issues the same, small number of SQL statements whether a page holds
 * 2 or 20 rows and whether the tables hold 25 or 50 rows. Statements are counted on knex's
 * `query` event: auth lookups, counts and transaction statements included.
 */

/** Statements one request may issue: auth lookup, count, page, and one set query per related collection. */
const MAX_STATEMENTS = 10;
/**
 * The exception: a person's data export (issue 22) reads each table that refers to a profile
 * once (found from the foreign keys, ~50); still constant, which the comparison below checks.
 */
const MAX_STATEMENTS_OF: Record<string, number> = { 'admin.profiles.export': 100 };

/** k rows in every table a read endpoint lists, with ids offset+1..offset+k (so a second call adds k more). */
async function growWorld(app: KlubApp, offset: number, k: number): Promise<void> {
  const conn = app.em().getConnection();
  const g = `generate_series(${offset + 1}, ${offset + k}) g`;
  for (const sql of [
    `insert into administrative_unit (id, name, slug) select g, 'Unit ' || g, 'unit-' || g from ${g}`,
    `insert into money_account (id, kind, administrative_unit_id, slug, bank_account_number) select g, 'bank', g, 'account-' || g, '1000' || g || '/0100' from ${g}`,
    `insert into event_type (id, name, slug, administrative_unit_id) select g, 'Type ' || g, 'type-' || g, g from ${g}`,
    `insert into location (id, name, place) select g, 'Place ' || g, 'Town' from ${g}`,
    `insert into organization_position (name) select 'Position ' || g from ${g}`,
    `insert into event (id, name, slug, public_on_web, enable_registration, event_type_id, location_id, datetime_from, start_date)
       select g, 'Event ' || g, 'event-' || g, true, true, g, g, now() + (g || ' days')::interval, now() from ${g}`,
    `insert into event_administrative_units (event_id, administrative_unit_id) select g, g from ${g}`,
    `insert into event_administrative_units (event_id, administrative_unit_id) select 1, g from ${g} where g > 1`,
    `insert into profile (id, kind, username, email, first_name, last_name, is_active)
       select g + 1000, 'user', 'person' || g, 'person' || g || '@example.org', 'Anna', 'Nováková ' || g, true from ${g}`,
    `insert into profile_email (email, is_primary, user_id) select 'person' || g || '@example.org', true, g + 1000 from ${g}`,
    `insert into telephone (telephone, is_primary, user_id) select '+420 777 000 ' || lpad(g::text, 3, '0'), true, g + 1000 from ${g}`,
    `insert into profile_administrative_units (profile_id, administrative_unit_id) select g + 1000, 1 from ${g}`,
    `insert into donor_payment_channel (vs, user_id, money_account_id, administrative_unit_id, event_id, regular_amount, regular_frequency)
       select lpad(g::text, 10, '0'), g + 1000, 1, 1, 1, 100, 'monthly' from ${g}`,
    `insert into payment (date, amount, vs, type, user_donor_payment_channel_id, recipient_account_id)
       select current_date - (c.id % 300), 100, c.vs, 'bank-transfer', c.id, 1 from donor_payment_channel c where c.user_id > ${offset} + 1000`,
    `insert into organization_team (profile_id, event_id, position_id) select g + 1000, 1, (select min(id) from organization_position) from ${g}`,
    `insert into interaction (user_id, event_id, administrative_unit_id, type_id, subject, date_from, summary)
       select g + 1000, 1, 1, t.id, 'Registrace', now(), '' from ${g}, interaction_type t where t.slug in ('event_registration', 'event_attendance')`,
    `insert into pdf_storage (name, topic, pdf_file, administrative_unit_id, related_ids) select 'Pdf ' || g, 'topic', 'pdf_storage/x' || g || '.pdf', 1, '{1}' from ${g}`,
  ]) {
    await conn.execute(sql);
  }
  // Explicit ids: move the sequences past them.
  for (const table of ['administrative_unit', 'money_account', 'event_type', 'location', 'event', 'profile']) {
    await conn.execute(`select setval(pg_get_serial_sequence('${table}', 'id'), 100000 + (select max(id) from ${table}))`);
  }
}

interface Probe {
  path: string;
  url: string;
  paginated: boolean;
}

/** Every GET route of the router, with its path parameters and required query parameters filled. */
function probes(): Probe[] {
  const procedures = appRouter._def.procedures as unknown as Record<string, AnyProcedure>;
  return Object.entries(procedures).flatMap(([path, p]) => {
    const meta = (p._def.meta ?? {}) as Meta;
    if (p._def.type !== 'query' || !meta.openapi || meta.openapi.method !== 'GET') return [];
    // Profiles of growWorld have ids from 1001 (below them are the callers' own).
    const route = meta.openapi.path.replace(/^\/admin\/profiles\/\{id\}\//, '/admin/profiles/1001/');
    const url = `/api${route.replace(/\{slug\}/g, 'event-1').replace(/\{\w+\}/g, '1')}`;
    // Organisation-team lists need their event; user search needs a term; profile editing its date of birth.
    // A list under a parent that growWorld does not make (a statement's payments, a segment's
    // members…) answers 404; it is still held to a constant number of statements.
    const nested = /\{\w+\}/.test(route);
    // Names of many people: some of growWorld's.
    const ids = path === 'admin.people.names' ? '&id=1001&id=1002&id=1003' : '';
    return [{ path, url: `${url}?event=1&q=nov&dob=2000-01-01${ids}`, paginated: meta.paginated === true && !nested }];
  });
}

describe('SQL statements per request do not grow with the data (issue 7)', () => {
  const app = useKlubApp();
  let statements = 0;
  const count = () => void statements++;
  let auth: Record<string, string> = {};

  beforeAll(() => {
    app.em().getConnection().getKnex().on('query', count);
  });
  afterAll(() => {
    app.em().getConnection().getKnex().off('query', count);
  });

  async function measure(url: string): Promise<{ status: number; statements: number }> {
    // What computing the answer costs, so nothing may come from the response cache.
    app.responseCache.clear();
    statements = 0;
    const res = await app.api(url, { headers: auth });
    return { status: res.status, statements };
  }

  it('pins every GET endpoint to a constant number of statements', async () => {
    await growWorld(app, 0, 25);
    const admin = await app.user({ isStaff: true, isSuperuser: true, roles: ['event_organizer'] });
    auth = { authorization: `Bearer ${admin.access}` };
    const list = probes();
    expect(list.length).toBeGreaterThan(20);
    const small: Record<string, { status: number; statements: number }> = {};
    const large: Record<string, { status: number; statements: number }> = {};
    for (const p of list) {
      await measure(`${p.url}&page_size=2`); // warm-up: first-use lookups of the ORM
      small[p.path] = await measure(`${p.url}&page_size=2`);
      large[p.path] = await measure(`${p.url}&page_size=20`);
    }
    await growWorld(app, 25, 25);
    const grown: Record<string, { status: number; statements: number }> = {};
    for (const p of list) grown[p.path] = await measure(`${p.url}&page_size=20`);

    const report = list.map((p) => `${p.path}: ${small[p.path]!.status} ${small[p.path]!.statements}/${large[p.path]!.statements}/${grown[p.path]!.statements}`);
    console.log(report.join('\n'));
    for (const p of list) {
      const row = { small: small[p.path], large: large[p.path], grown: grown[p.path] };
      // The same number of statements for 2 or 20 rows a page, and for 25 or 50 rows a table.
      expect({ path: p.path, large: row.large!.statements, grown: row.grown!.statements }, report.join('\n')).toEqual({
        path: p.path,
        large: row.small!.statements,
        grown: row.small!.statements,
      });
      expect(row.small!.statements, p.path).toBeLessThanOrEqual(MAX_STATEMENTS_OF[p.path] ?? MAX_STATEMENTS);
      // Paginated lists must really have listed something, or the comparison proves nothing.
      if (p.paginated) expect(row.large!.status, `${p.path} answered ${row.large!.status}`).toBe(200);
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeEvent, makeUnit } from '@klub/db/testing';
import { useKlubApp } from '../helpers/klub-app.js';
import { rows } from '../signups/helpers.js';

/**
 * Issue 7: on this kind of machine every SQL round trip costs more than the work it carries, so
 * the public sign-ups (api.md §8) are pinned to their statements, counted on knex's `query`
 * event: BEGIN, the e-mail lock with the request's lookups, one statement that gets or creates
 * the person and writes the unit, the interaction and the outbox row, COMMIT. Authentication is
 * another module's business and only bounded here.
 */
const TRANSACTION_STATEMENTS = 4;
const AUTH_ALLOWANCE = 3;

describe('SQL statements of a public sign-up (issue 7)', () => {
  const app = useKlubApp();
  let log: string[] = [];
  const record = (q: { sql: string }) => void log.push(q.sql);

  beforeAll(() => {
    app.em().getConnection().getKnex().on('query', record);
  });
  afterAll(() => {
    app.em().getConnection().getKnex().off('query', record);
  });

  /** The request's statements: all of them, and those of its transaction (BEGIN … COMMIT). */
  async function measure(path: string, headers: Record<string, string>, json: Record<string, unknown>) {
    log = [];
    const res = await app.api(path, { method: 'POST', headers, json });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const begin = log.findIndex((s) => /^begin/i.test(s));
    const commit = log.findIndex((s) => /^commit/i.test(s));
    return { all: log.length, transaction: commit - begin + 1, statements: log.join('\n') };
  }

  it('signs up a new and a known person in four statements, volunteering and applying as well', async () => {
    const unit = await makeUnit(app.em());
    const other = await makeUnit(app.em());
    const event = await makeEvent(app.em(), { administrativeUnits: [unit], additionalQuestion1: 'Diet?' });
    const user = await app.user();
    const headers = { authorization: `Bearer ${user.access}` };
    // First use of the ORM's metadata and the connection pool is not what is measured.
    await measure('/api/sign_up_for_event/', headers, { email: 'warm-up@example.org', event: event.id });

    const fresh = await measure('/api/sign_up_for_event/', headers, {
      email: 'New@Example.org',
      first_name: 'Anna',
      telephone: '777 000 111',
      note: 'vegan',
      additional_question_1: 'none',
      event: event.id,
    });
    const known = await measure('/api/sign_up_for_event/', headers, {
      email: 'new@example.org',
      last_name: 'Nováková',
      telephone: '777 000 222',
      note: 'again',
      event: event.id,
    });
    const volunteering = await measure('/api/volunteer/', headers, {
      email: 'new@example.org',
      telephone: '777 000 111',
      administrative_unit: other.id,
      event: event.id,
      summary: 'I can cook',
    });
    const applying = await measure('/api/apply_for_membership/', headers, { email: 'member@example.org', administrative_unit: unit.id });

    for (const [name, m] of Object.entries({ fresh, known, volunteering, applying })) {
      expect({ name, transaction: m.transaction }, m.statements).toEqual({ name, transaction: TRANSACTION_STATEMENTS });
      expect(m.all, m.statements).toBeLessThanOrEqual(TRANSACTION_STATEMENTS + AUTH_ALLOWANCE);
    }

    // The statements did all the work of api.md §8.2–8.5.
    const [person] = await rows<Record<string, unknown>>(
      app,
      `select id, first_name, last_name, note, email, is_active from profile where email = 'new@example.org'`,
    );
    expect(person).toMatchObject({ first_name: 'Anna', last_name: 'Nováková', note: 'vegan\n\n---\n\nagain', is_active: true });
    expect(await rows(app, 'select telephone, is_primary from telephone where user_id = ? order by id', [person!.id])).toEqual([
      { telephone: '777 000 111', is_primary: true },
      { telephone: '777 000 222', is_primary: null },
    ]);
    expect(await rows(app, 'select administrative_unit_id as unit from preference where user_id = ? order by 1', [person!.id])).toEqual([
      { unit: unit.id },
      { unit: other.id },
    ]);
    expect(await rows(app, 'select count(*)::int as n from interaction where user_id = ?', [person!.id])).toEqual([{ n: 3 }]);
    expect(await rows(app, 'select count(*)::int as n from outbox_message')).toEqual([{ n: 5 }]);
  });

  it('queues the notification to the primary address of a person who signs up with another of theirs, in one more statement', async () => {
    const unit = await makeUnit(app.em());
    const event = await makeEvent(app.em(), { administrativeUnits: [unit] });
    const user = await app.user();
    const headers = { authorization: `Bearer ${user.access}` };
    await measure('/api/sign_up_for_event/', headers, { email: 'main@example.org', first_name: 'Eva', event: event.id });
    const [eva] = await rows<{ id: number }>(app, `select id from profile where email = 'main@example.org'`);
    await rows(app, `insert into profile_email (email, is_primary, user_id) values ('alias@example.org', null, ?)`, [eva!.id]);

    const alias = await measure('/api/sign_up_for_event/', headers, { email: 'alias@example.org', event: event.id });
    expect(alias.transaction, alias.statements).toBe(TRANSACTION_STATEMENTS + 1);
    const jobs = await rows<{ payload: Record<string, unknown> }>(app, 'select payload from outbox_message order by id');
    expect(jobs.map((j) => j.payload)).toEqual([
      expect.objectContaining({ profileId: eva!.id, email: 'main@example.org', firstName: 'Eva' }),
      expect.objectContaining({ profileId: eva!.id, email: 'main@example.org', firstName: 'Eva', kind: 'event-signup' }),
    ]);
  });
});

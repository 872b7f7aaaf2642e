import { describe, expect, it } from 'vitest';
import type { TSegmentRule } from '@klub/contracts';
import { execute, makeDonorPaymentChannel, makeEvent, makeMoneyAccount, makePayment, makeProfile, makeUnit } from '@klub/db/testing';
import { addUnitsToProfile, checkPayments, segmentIds } from '@klub/domain';
import { Writable } from 'node:stream';
import { exportResource } from '../../src/cli/export.js';
import { useKlubApp, type KlubApp } from '../helpers/klub-app.js';
import { caller, superuser } from '../admin/helpers.js';

const TODAY = '2026-12-08';
const daysAgo = (n: number) => new Date(Date.parse(`${TODAY}T12:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);

/**
 * Four people, each condition below selecting some and not others:
 * - ann: female, cs, Praha, born 1980, unit A with consent, 6 000 Kč in 2026 (two payments),
 *   a monthly donation of 500 paid on time, registered for and attended the event;
 * - bob: male, en, Brno, born 2000, unit B without consent, no e-mail, one payment of 100 Kč
 *   76 days ago on a monthly donation of 100 (now 35 days late), created in 2020;
 * - cyril: male, cs, no payments, registered for the event (did not attend), unit A with consent;
 * - dana: unknown sex, cs, a quarterly donation of 2 000 ended last year, one old payment.
 */
async function arrange(app: KlubApp) {
  const em = app.em();
  const unitA = await makeUnit(em, { name: 'Praha' });
  const unitB = await makeUnit(em, { name: 'Brno' });
  const accountA = await makeMoneyAccount(em, { administrativeUnit: unitA });
  const accountB = await makeMoneyAccount(em, { administrativeUnit: unitB });
  const event = await makeEvent(em, { administrativeUnits: [unitA] });
  const ann = await makeProfile(em, { firstName: 'Ann', email: 'ann@example.org', sex: 'female', language: 'cs', city: 'Praha', ageGroup: 1980 });
  const bob = await makeProfile(em, { firstName: 'Bob', sex: 'male', language: 'en', city: 'Brno', ageGroup: 2000, created: new Date('2020-05-05T10:00:00Z') });
  const cyril = await makeProfile(em, { firstName: 'Cyril', email: 'cyril@example.org', sex: 'male', language: 'cs', city: 'praha' });
  const dana = await makeProfile(em, { firstName: 'Dana', email: 'dana@example.org', sex: 'unknown', language: 'cs' });
  await addUnitsToProfile(em, ann.id, [unitA.id], { source: 'staff', actorId: null });
  await addUnitsToProfile(em, bob.id, [unitB.id], { source: 'staff', actorId: null });
  await addUnitsToProfile(em, cyril.id, [unitA.id], { source: 'staff', actorId: null });
  await execute(em, 'update preference set send_mailing_lists = false where user_id = ?', [bob.id]);
  const annChannel = await makeDonorPaymentChannel(em, { vs: '1001', user: ann, moneyAccount: accountA, event, regularAmount: 500 });
  const bobChannel = await makeDonorPaymentChannel(em, { vs: '1002', user: bob, moneyAccount: accountB, event, regularAmount: 100 });
  const danaChannel = await makeDonorPaymentChannel(em, {
    vs: '1003',
    user: dana,
    moneyAccount: accountA,
    event,
    regularAmount: 2000,
    regularFrequency: 'quaterly',
    endOfRegularPayments: '2025-12-31',
  });
  await makePayment(em, { userDonorPaymentChannel: annChannel, amount: 3000, date: '2026-03-01' });
  await makePayment(em, { userDonorPaymentChannel: annChannel, amount: 3000, date: daysAgo(10) });
  await makePayment(em, { userDonorPaymentChannel: bobChannel, amount: 100, date: daysAgo(76) });
  await makePayment(em, { userDonorPaymentChannel: danaChannel, amount: 2000, date: '2024-06-01' });
  await checkPayments(em, { today: TODAY });
  const [registration] = await execute<Array<{ id: number }>>(em, `select id from interaction_type where slug = 'event_registration'`);
  const [attendance] = await execute<Array<{ id: number }>>(em, `select id from interaction_type where slug = 'event_attendance'`);
  const interaction = (user: number, type: number, at: string) =>
    execute(
      em,
      `insert into interaction (user_id, event_id, administrative_unit_id, type_id, subject, date_from, summary, next_step, skills, communication_type, program_of_interest)
       values (?, ?, ?, ?, 's', ?, '', '', '', 'individual', '{}')`,
      [user, event.id, unitA.id, type, at],
    );
  await interaction(ann.id, registration!.id, '2026-11-01T10:00:00Z');
  await interaction(ann.id, attendance!.id, '2026-11-20T10:00:00Z');
  await interaction(cyril.id, registration!.id, '2025-01-01T10:00:00Z');
  const names = new Map([ann, bob, cyril, dana].map((p) => [p.id, p.firstName]));
  return { unitA, unitB, event, registration: registration!.id, names };
}

describe('segments (issue 19 §1)', () => {
  const app = useKlubApp();

  /** Who of the four a rule selects, evaluated on TODAY. */
  async function selects(fx: Awaited<ReturnType<typeof arrange>>, rule: TSegmentRule): Promise<string[]> {
    const statement = segmentIds(rule, { today: TODAY });
    const rows = await execute<Array<{ id: number }>>(app.em(), statement.text, statement.params);
    return rows.flatMap((r) => fx.names.get(r.id) ?? []).sort();
  }

  it('expresses the original’s sample conditions (jobs.md §8.1), each selecting the right people', async () => {
    const fx = await arrange(app);
    const cases: Array<[string, TSegmentRule, string[]]> = [
      // "Štědrý dárce": payment_total > 5000
      ['generous donor', { type: 'donated_total', min: 5001 }, ['Ann']],
      // "Pravidelné platby v pořádku": expected_regular_payment_date > today − 11 days
      ['regular payments in order', { type: 'regular_payment_ok' }, ['Ann']],
      // "Měsíc opožděná pravidelná platba": a month late
      ['a month late', { type: 'regular_donation_late', days: { min: 30 } }, ['Bob']],
      ['a week late only', { type: 'regular_donation_late', days: { min: 7, max: 13 } }, []],
      // "První platba": number_of_payments = 1
      ['first payment', { type: 'payment_count', min: 1, max: 1 }, ['Bob', 'Dana']],
      ['no payment at all', { type: 'payment_count', max: 0 }, ['Cyril']],
      ['donated at most 100 (none counts as 0)', { type: 'donated_total', max: 100 }, ['Bob', 'Cyril']],
      ['donated this year', { type: 'donated_total', min: 1, period: { from: '2026-01-01', to: '2026-12-31' } }, ['Ann', 'Bob']],
      ['donated through unit B', { type: 'donated_total', min: 1, unit: fx.unitB.id }, ['Bob']],
      ['last payment over 60 days ago', { type: 'last_payment', before: { days_ago: 60 } }, ['Bob', 'Dana']],
      ['last payment within 30 days', { type: 'last_payment', after: { days_ago: 30 } }, ['Ann']],
      ['first payment in 2026', { type: 'first_payment', period: { from: '2026-01-01' } }, ['Ann', 'Bob']],
      ['active regular donation', { type: 'active_regular_donation' }, ['Ann', 'Bob']],
      ['quarterly (ended: not active)', { type: 'frequency', frequency: ['quaterly'] }, []],
      ['monthly', { type: 'frequency', frequency: ['monthly'] }, ['Ann', 'Bob']],
      ['regular amount 200–1000', { type: 'regular_amount', min: 200, max: 1000 }, ['Ann']],
      ['member of unit A', { type: 'unit_member', unit: fx.unitA.id }, ['Ann', 'Cyril']],
      ['registered for the event', { type: 'event_registered', event: fx.event.id }, ['Ann', 'Cyril']],
      ['attended the event', { type: 'event_attended', event: fx.event.id }, ['Ann']],
      ['registration interaction in 2026', { type: 'interaction', interaction_type: fx.registration, period: { from: '2026-01-01' } }, ['Ann']],
      ['consent to unit B mailings', { type: 'mailing_consent', unit: fx.unitB.id }, []],
      ['consent to unit A mailings', { type: 'mailing_consent', unit: fx.unitA.id }, ['Ann', 'Cyril']],
      ['has an e-mail', { type: 'has_email' }, ['Ann', 'Cyril', 'Dana']],
      ['speaks English', { type: 'language', language: ['en'] }, ['Bob']],
      ['women', { type: 'sex', sex: ['female'] }, ['Ann']],
      ['aged 40–50', { type: 'age', min: 40, max: 50 }, ['Ann']],
      ['lives in Praha (any case)', { type: 'city', city: 'PRAHA' }, ['Ann', 'Cyril']],
      ['created in 2020', { type: 'created', period: { from: '2020-01-01', to: '2020-12-31' } }, ['Bob']],
      [
        'men or women in Praha, but not the late',
        { all: [{ any: [{ type: 'sex', sex: ['male'] }, { type: 'city', city: 'Praha' }] }, { not: { type: 'regular_donation_late' } }] },
        ['Ann', 'Cyril'],
      ],
    ];
    const got = await Promise.all(cases.map(async ([name, rule]) => [name, await selects(fx, rule)] as const));
    expect(Object.fromEntries(got)).toEqual(Object.fromEntries(cases.map(([name, , want]) => [name, want])));
  });

  it('is saved, counted, listed, previewed and filters the people list over HTTP', async () => {
    const fx = await arrange(app);
    const su = await superuser(app);
    const api = caller(app, su.headers);
    const rule = { all: [{ type: 'unit_member', unit: fx.unitA.id }, { type: 'has_email' }] };

    const created = await api('POST', '/api/admin/segments/', { name: 'Praha with e-mail', rule });
    expect(created.status).toBe(201);
    const id = (created.body as { id: number }).id;
    expect(created.body).toMatchObject({ id, name: 'Praha with e-mail', description: '', rule });

    expect((await api('GET', `/api/admin/segments/${id}/count/`)).body).toEqual({ count: 2 });
    const members = await api('GET', `/api/admin/segments/${id}/members/?page_size=1`);
    expect(members.status).toBe(200);
    expect(members.body).toMatchObject({ count: 2, previous: null, results: [{ first_name: 'Ann', email: 'ann@example.org', language: 'cs', city: 'Praha' }] });
    expect((members.body as { next: string }).next).toMatch(/page=2/);

    const people = await api('GET', `/api/admin/profiles/?segment=${id}`);
    expect(people.status).toBe(200);
    expect((people.body as { results: Array<{ first_name: string }> }).results.map((r) => r.first_name)).toEqual(['Ann', 'Cyril']);

    expect((await api('POST', '/api/admin/segments/preview/', { rule: { type: 'sex', sex: ['male'] } })).body).toEqual({ count: 2 });
    const patched = await api('PATCH', `/api/admin/segments/${id}/`, { rule: { type: 'language', language: ['en'] } });
    expect(patched.status).toBe(200);
    expect((await api('GET', `/api/admin/segments/${id}/count/`)).body).toEqual({ count: 1 });
    expect((await api('GET', '/api/admin/segments/')).body).toMatchObject({ count: 1, results: [{ id }] });

    expect((await api('POST', '/api/admin/segments/', { name: 'Praha with e-mail', rule })).body).toEqual({
      name: ['A segment with this name already exists.'],
    });
    expect((await api('DELETE', `/api/admin/segments/${id}/`)).status).toBe(204);
    expect((await api('GET', `/api/admin/segments/${id}/count/`)).status).toBe(404);
    expect((await api('GET', `/api/admin/profiles/?segment=${id}`)).status).toBe(404);
  });

  it('limits `klub export --resource profiles` to a saved segment', async () => {
    const fx = await arrange(app);
    const api = caller(app, (await superuser(app)).headers);
    const id = ((await api('POST', '/api/admin/segments/', { name: 'English', rule: { type: 'language', language: ['en'] } })).body as { id: number }).id;
    const chunks: string[] = [];
    const out = new Writable({ write: (c: Buffer, _e, done) => (chunks.push(c.toString()), done()) });
    const rows = await exportResource(app.em(), out, { resource: 'profiles', format: 'jsonl', fields: ['first_name'], segment: id });
    expect(rows).toBe(1);
    expect(chunks.join('')).toBe('{"first_name":"Bob"}\n');
    void fx;
    await expect(exportResource(app.em(), out, { resource: 'events', format: 'csv', segment: id })).rejects.toThrow('--segment selects profiles only');
    await expect(exportResource(app.em(), out, { resource: 'profiles', format: 'csv', segment: 999 })).rejects.toThrow('no segment with id 999');
  });

  it('answers 400 naming the field for an unknown condition or a bad parameter, never 500', async () => {
    const su = await superuser(app);
    const api = caller(app, su.headers);
    const unknown = await api('POST', '/api/admin/segments/preview/', { rule: { type: 'favourite_colour', colour: 'green' } });
    expect(unknown.status).toBe(400);
    expect(Object.keys(unknown.body as object)).toEqual(['rule']);
    const bad = await api('POST', '/api/admin/segments/', { name: 'x', rule: { all: [{ type: 'donated_total', min: 'lots' }] } });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body as object)[0]).toMatch(/^rule/);
    const injection = await api('POST', '/api/admin/segments/preview/', { rule: { type: 'city', city: "x') or true --" } });
    expect(injection.body).toEqual({ count: 0 });
  });
});

import { describe, expect, it } from 'vitest';
import { execute, makeProfile, makeUnit } from '@klub/db/testing';
import { addUnitsToProfile, evaluateSegmentMessages } from '@klub/domain';
import { useKlubApp } from '../helpers/klub-app.js';
import { caller, superuser } from '../admin/helpers.js';
import { MARK, send, twoUnits } from '../admin/unit-scope-fixture.js';

type Row = Record<string, unknown>;
const texts = { subject_cs: 'Vítej {{first_name}}', body_cs: 'Mil{ý|á} {{first_name}},\n\nvítejte v {{unit_name}}.', subject_en: '', body_en: '' };

describe('automatic messages over HTTP (issue 19 §3)', () => {
  const app = useKlubApp({ PUBLIC_API_URL: 'https://klub.example.org' });

  it('creates, checks, previews, lists who would get it, switches on and off, and shows the history', async () => {
    const em = app.em();
    const unit = await makeUnit(em, { name: 'Auto*Mat' });
    const jana = await makeProfile(em, { firstName: 'Jana', email: 'jana@example.org', sex: 'female', city: 'Brno' });
    const olga = await makeProfile(em, { firstName: 'Olga', email: null, city: 'Brno' });
    await addUnitsToProfile(em, jana.id, [unit.id], { source: 'staff', actorId: null });
    const api = caller(app, (await superuser(app)).headers);
    const seg = (await api('POST', '/api/admin/segments/', { name: 'Brno', rule: { type: 'city', city: 'Brno' } })).body as { id: number };

    const bad = await api('POST', '/api/admin/automatic-messages/', { name: 'x', administrative_unit: unit.id, trigger: 'registered', segment: seg.id, ...texts, body_cs: '{{nick}}' });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ body_cs: [expect.stringContaining('Unknown variable “nick”')], non_field_errors: ['Set either a trigger or a segment.'] });
    const badTrigger = await api('POST', '/api/admin/automatic-messages/', { name: 'x', administrative_unit: unit.id, trigger: 'birthday', ...texts });
    expect(badTrigger.status).toBe(400);

    const created = await api('POST', '/api/admin/automatic-messages/', { name: 'Vítejte v Brně', administrative_unit: unit.id, segment: seg.id, ...texts });
    expect(created.status).toBe(201);
    const id = (created.body as Row).id as number;
    expect(created.body).toMatchObject({ enabled: false, repeat: 'once', trigger: null, segment: seg.id, counts: { sent: 0, pending: 0, failed: 0, skipped: 0 } });

    const preview = (await api('POST', `/api/admin/automatic-messages/${id}/preview/`, { profile: jana.id })).body as Row;
    expect(preview).toMatchObject({ to: 'jana@example.org', language: 'cs', subject: 'Vítej Jana' });
    expect(preview.text).toContain('Milá Jana,');
    expect(preview.text).toContain('vítejte v Auto*Mat.');

    const who = (await api('GET', `/api/admin/automatic-messages/${id}/candidates/`)).body as { count: number; results: Row[] };
    expect(who).toMatchObject({ count: 2, results: [{ id: jana.id, skip_reason: null }, { id: olga.id, skip_reason: 'no_email' }] });

    // Disabled: the evaluation gives it to nobody; enabled: to both (Olga skipped when sent).
    expect(await evaluateSegmentMessages(app.em())).toBe(0);
    expect((await api('PATCH', `/api/admin/automatic-messages/${id}/`, { enabled: true })).body).toMatchObject({ enabled: true });
    expect(await evaluateSegmentMessages(app.em())).toBe(2);
    expect((await api('GET', `/api/admin/automatic-messages/${id}/candidates/`)).body).toMatchObject({ count: 0 });
    const history = (await api('GET', `/api/admin/automatic-messages/${id}/history/`)).body as { count: number; results: Row[] };
    expect(history.count).toBe(2);
    expect(history.results.map((r) => r.profile).sort()).toEqual([jana.id, olga.id].sort());
    expect((await api('GET', `/api/admin/automatic-messages/${id}/`)).body).toMatchObject({ counts: { pending: 2 } });
    const [outbox] = await execute<Array<{ n: number }>>(app.em(), `select count(*)::int as n from outbox_message where job_name = 'mailing.automatic-send'`);
    expect(outbox!.n).toBe(1);

    // A segment an automatic message uses is not deleted; the message is, with its history.
    expect((await api('DELETE', `/api/admin/segments/${seg.id}/`)).body).toEqual({ non_field_errors: ['An automatic message uses this segment.'] });
    expect((await api('DELETE', `/api/admin/automatic-messages/${id}/`)).status).toBe(204);
    expect((await api('GET', `/api/admin/automatic-messages/${id}/`)).status).toBe(404);
  });
});

describe('communications for unit staff (issue 19, issue 17 §1)', () => {
  const app = useKlubApp();

  it('limits mailings, automatic messages and segment members to the caller’s units', async () => {
    const t = await twoUnits(app);
    const as = (role: 'superuser' | 'unitA' | 'organisation' | 'nonStaff') => (method: string, path: string, body?: Row) => send(app, t.callers[role], method, path, body);
    const draft = (side: 'A' | 'B', profiles: number[] = []) => ({
      name: `${MARK[side]} news`, administrative_unit: t.units[side].unit, subject_cs: 'Ahoj', body_cs: 'Text', profiles,
    });
    const mA = ((await as('superuser')('POST', '/api/admin/mailings/', draft('A'))).body as Row).id as number;
    const mB = ((await as('superuser')('POST', '/api/admin/mailings/', draft('B'))).body as Row).id as number;
    const auto = (side: 'A' | 'B') => ({ name: `${MARK[side]} welcome`, administrative_unit: t.units[side].unit, trigger: 'registered', subject_cs: 'Ahoj', body_cs: 'Text' });
    const aA = ((await as('superuser')('POST', '/api/admin/automatic-messages/', auto('A'))).body as Row).id as number;
    const aB = ((await as('superuser')('POST', '/api/admin/automatic-messages/', auto('B'))).body as Row).id as number;
    const unitA = as('unitA');

    for (const [base, own, other, body] of [
      ['/api/admin/mailings/', mA, mB, draft] as const,
      ['/api/admin/automatic-messages/', aA, aB, auto] as const,
    ]) {
      const list = await unitA('GET', base);
      expect(list.status).toBe(200);
      expect(((list.body as { results: Row[] }).results).map((r) => r.id)).toEqual([own]);
      expect(list.text.toLowerCase()).not.toContain(MARK.B);
      expect((await unitA('GET', `${base}${own}/`)).status).toBe(200);
      expect((await unitA('GET', `${base}${other}/`)).status).toBe(404);
      expect((await unitA('PATCH', `${base}${other}/`, { name: 'x' })).status).toBe(404);
      expect((await unitA('DELETE', `${base}${other}/`)).status).toBe(404);
      expect((await unitA('POST', `${base}${other}/preview/`, { profile: t.units.A.person })).status).toBe(404);
      expect((await unitA('POST', base, body('B'))).status).toBe(403);
      expect((await unitA('PATCH', `${base}${own}/`, { administrative_unit: t.units.B.unit })).status).toBe(403);
      expect((await unitA('POST', base, body('A'))).status).toBe(201);
      expect((await unitA('PATCH', `${base}${own}/`, { name: `${MARK.A} renamed` })).status).toBe(200);
      // Another unit's person: no such object.
      const preview = await unitA('POST', `${base}${own}/preview/`, { profile: t.units.B.person });
      expect(preview.status).toBe(400);
      expect((await unitA('POST', `${base}${own}/preview/`, { profile: t.units.A.person })).status).toBe(200);
      expect((await as('nonStaff')('GET', base)).status).toBe(403);
    }
    for (const path of [`/api/admin/mailings/${mB}/send/`, `/api/admin/mailings/${mB}/test/`, `/api/admin/mailings/${mB}/cancel/`, `/api/admin/automatic-messages/${aB}/history/`]) {
      const res = path.endsWith('history/') ? await unitA('GET', path) : await unitA('POST', path, path.endsWith('test/') ? { email: 'a@example.org' } : {});
      expect(res.status, path).toBe(404);
    }
    const chosen = await unitA('POST', '/api/admin/mailings/', draft('A', [t.units.A.person, t.units.B.person]));
    expect(chosen.status).toBe(400);
    expect(chosen.body).toEqual({ profiles: [`Invalid pk "${t.units.B.person}" - object does not exist.`] });

    // Segments: shared rules; counts and members only of the caller's people.
    const everyone = { any: [{ type: 'unit_member', unit: t.units.A.unit }, { type: 'unit_member', unit: t.units.B.unit }] };
    const seg = await unitA('POST', '/api/admin/segments/', { name: 'both units', rule: everyone });
    expect(seg.status).toBe(201);
    const segId = (seg.body as Row).id as number;
    const all = ((await as('organisation')('GET', `/api/admin/segments/${segId}/count/`)).body as Row).count as number;
    const mine = ((await unitA('GET', `/api/admin/segments/${segId}/count/`)).body as Row).count as number;
    expect(mine).toBeGreaterThan(0);
    expect(all).toBeGreaterThan(mine);
    const members = await unitA('GET', `/api/admin/segments/${segId}/members/?page_size=1000`);
    expect(((members.body as { results: Row[] }).results).map((r) => r.id)).toContain(t.units.A.person);
    expect(members.text.toLowerCase()).not.toContain(MARK.B);
    expect(((await unitA('POST', '/api/admin/segments/preview/', { rule: everyone })).body as Row).count).toBe(mine);
    // A segment B's mailing uses is B's staff's (and the organisation's) to change.
    await as('superuser')('PATCH', `/api/admin/mailings/${mB}/`, { segment: segId });
    expect((await unitA('PATCH', `/api/admin/segments/${segId}/`, { name: 'mine now' })).status).toBe(403);
    expect((await as('organisation')('PATCH', `/api/admin/segments/${segId}/`, { name: 'shared' })).status).toBe(200);
  }, 120_000);
});

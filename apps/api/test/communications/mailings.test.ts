import { describe, expect, it } from 'vitest';
import { execute, makeDonorPaymentChannel, makeMoneyAccount, makeProfile, makeUnit } from '@klub/db/testing';
import { addUnitsToProfile, unsubscribeToken } from '@klub/domain';
import { useKlubApp, type KlubApp } from '../helpers/klub-app.js';
import { caller, superuser } from '../admin/helpers.js';

type Row = Record<string, unknown>;

async function arrange(app: KlubApp) {
  const em = app.em();
  const unit = await makeUnit(em, { name: 'Auto*Mat', fromEmailStr: 'Auto*Mat <klub@auto-mat.cz>' });
  const other = await makeUnit(em, { name: 'Brno' });
  const account = await makeMoneyAccount(em, { administrativeUnit: unit });
  const jana = await makeProfile(em, { firstName: 'Jana', lastName: 'Nová', email: 'jana@example.org', sex: 'female' });
  const john = await makeProfile(em, { firstName: 'John', email: 'john@example.org', sex: 'male', language: 'en' });
  await addUnitsToProfile(em, jana.id, [unit.id, other.id], { source: 'staff', actorId: null });
  await addUnitsToProfile(em, john.id, [unit.id], { source: 'staff', actorId: null });
  await makeDonorPaymentChannel(em, { vs: '4242', user: jana, moneyAccount: account, regularAmount: 250 });
  return { unit, other, jana, john };
}

const draft = (unit: number, profiles: number[]) => ({
  name: 'Podzim',
  administrative_unit: unit,
  subject_cs: 'Ahoj {{first_name}}',
  body_cs: '{{salutation}},\n\nmil{ý|á} {{first_name}} <b>{{last_name}}</b>, posíláte {{regular_amount}} Kč (VS {{vs}}).',
  subject_en: 'Hello {{first_name}}',
  body_en: 'Dear {{first_name}},\n\nthank you.',
  profiles,
});

describe('mass e-mails over HTTP (issue 19 §2)', () => {
  const app = useKlubApp({ PUBLIC_API_URL: 'https://klub.example.org' });

  it('refuses unknown variables and unmatched braces with a 400 naming them under the field', async () => {
    const fx = await arrange(app);
    const api = caller(app, (await superuser(app)).headers);
    const bad = await api('POST', '/api/admin/mailings/', {
      ...draft(fx.unit.id, []),
      subject_cs: 'Ahoj {{nickname}}',
      body_en: 'Dear {first_name}',
      segment: 999,
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({
      subject_cs: ['Unknown variable “nickname”; known: salutation, first_name, last_name, email, city, regular_amount, vs, total_this_year, unit_name.'],
      body_en: ['Unmatched “{” at character 6: write {{variable}} or {male form|female form}.', 'Unmatched “}” at character 17: write {{variable}} or {male form|female form}.'],
      segment: ['Invalid pk "999" - object does not exist.'],
    });
    expect((await api('GET', '/api/admin/mailings/')).body).toMatchObject({ count: 0 });
  });

  it('composes, previews per person and language, queues a test send, sends later, cancels and resumes', async () => {
    const fx = await arrange(app);
    const api = caller(app, (await superuser(app)).headers);
    const created = await api('POST', '/api/admin/mailings/', draft(fx.unit.id, [fx.jana.id, fx.john.id]));
    expect(created.status).toBe(201);
    const id = (created.body as { id: number }).id;
    expect(created.body).toMatchObject({ status: 'draft', segment: null, profiles: [fx.jana.id, fx.john.id], attachment: null });

    const preview = await api('POST', `/api/admin/mailings/${id}/preview/`, { profile: fx.jana.id });
    expect(preview.status).toBe(200);
    const p = preview.body as { to: string; language: string; subject: string; text: string; html: string };
    expect(p).toMatchObject({ to: 'jana@example.org', language: 'cs', subject: 'Ahoj Jana' });
    expect(p.text).toContain('Vážená přítelkyně,');
    expect(p.text).toContain('milá Jana <b>Nová</b>, posíláte 250 Kč (VS 4242).');
    expect(p.html).toContain('&lt;b&gt;Nová&lt;/b&gt;');
    expect(p.html).toMatch(/href="https:\/\/klub\.example\.org\/unsubscribe\/[^"]+\/"/);
    const en = (await api('POST', `/api/admin/mailings/${id}/preview/`, { profile: fx.john.id })).body as Row;
    expect(en).toMatchObject({ language: 'en', subject: 'Hello John' });

    expect((await api('POST', `/api/admin/mailings/${id}/test/`, { email: 'staff@example.org', profile: fx.jana.id })).body).toEqual({ queued: true });
    const later = new Date(Date.now() + 3_600_000).toISOString();
    const sent = await api('POST', `/api/admin/mailings/${id}/send/`, { scheduled_at: later });
    expect(sent.body).toMatchObject({ status: 'scheduled', scheduled_at: later });
    const outbox = await execute<Array<{ job_name: string; payload: Row; later: boolean }>>(
      app.em(),
      `select job_name, payload, available_at > now() + interval '50 minutes' as later from outbox_message order by id`,
    );
    expect(outbox).toEqual([
      { job_name: 'email.mailing-test', payload: { mailingId: id, profileId: fx.jana.id, email: 'staff@example.org' }, later: false },
      { job_name: 'mailing.send', payload: { mailingId: id }, later: true },
    ]);
    expect((await api('PATCH', `/api/admin/mailings/${id}/`, { name: 'x' })).body).toEqual({ non_field_errors: ['A scheduled mailing cannot be changed.'] });
    expect((await api('POST', `/api/admin/mailings/${id}/cancel/`)).body).toMatchObject({ status: 'cancelled' });
    expect((await api('POST', `/api/admin/mailings/${id}/resume/`)).body).toMatchObject({ status: 'sending', scheduled_at: null });
    expect((await api('POST', `/api/admin/mailings/${id}/send/`, {})).body).toEqual({ non_field_errors: ['A sending mailing cannot be sent.'] });
    expect((await api('GET', `/api/admin/mailings/${id}/recipients/`)).body).toMatchObject({ count: 0, results: [] });
  });

  it('keeps an attachment in the file storage', async () => {
    const fx = await arrange(app);
    const api = caller(app, (await superuser(app)).headers);
    const id = ((await api('POST', '/api/admin/mailings/', draft(fx.unit.id, []))).body as { id: number }).id;
    const res = await api('POST', `/api/admin/mailings/${id}/attachment/`, { filename: 'Pozvánka.pdf', content_base64: Buffer.from('%PDF-1.4').toString('base64') });
    expect(res.status).toBe(200);
    expect((res.body as { attachment: string }).attachment).toMatch(/^mailings\/[0-9a-f]{16}-Pozvanka\.pdf$/);
  });
});

describe('one-click unsubscribe /unsubscribe/<token>/ (issue 19 §2, RFC 8058)', () => {
  const app = useKlubApp();

  const consent = async (profile: number) =>
    execute<Array<{ unit: number; on: boolean }>>(
      app.em(),
      'select administrative_unit_id as unit, send_mailing_lists as "on" from preference where user_id = ? order by 1',
      [profile],
    );

  it('asks on GET, turns only that unit’s mailings off on POST, and never names the person', async () => {
    const fx = await arrange(app);
    const token = unsubscribeToken(app.env.SECRET_KEY, fx.jana.id, fx.unit.id);
    const ask = await fetch(`${app.url}/unsubscribe/${token}/`);
    expect(ask.status).toBe(200);
    const askPage = await ask.text();
    expect(askPage).toContain('<form method="post">');
    expect(await consent(fx.jana.id)).toEqual([{ unit: fx.unit.id, on: true }, { unit: fx.other.id, on: true }]);

    const done = await fetch(`${app.url}/unsubscribe/${token}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(done.status).toBe(200);
    const donePage = await done.text();
    expect(donePage).toContain('Odhlášeno');
    for (const page of [askPage, donePage]) for (const secret of ['Jana', 'Nová', 'jana@example.org', 'Auto*Mat']) expect(page).not.toContain(secret);
    expect(await consent(fx.jana.id)).toEqual([{ unit: fx.unit.id, on: false }, { unit: fx.other.id, on: true }]);
    expect(await consent(fx.john.id)).toEqual([{ unit: fx.unit.id, on: true }]);
    // The consent history keeps how it was withdrawn (issue 22), shown on the person's page.
    const history = await execute<Row[]>(
      app.em(),
      'select administrative_unit_id as unit, old_value, new_value, source from mailing_consent_change where profile_id = ? order by id',
      [fx.jana.id],
    );
    expect(history.at(-1)).toEqual({ unit: fx.unit.id, old_value: true, new_value: false, source: 'unsubscribe' });
  });

  it('answers 404 to a forged or altered token and changes nothing', async () => {
    const fx = await arrange(app);
    const token = unsubscribeToken(app.env.SECRET_KEY, fx.jana.id, fx.unit.id);
    const forged = unsubscribeToken('another installation’s key, long enough to pass', fx.john.id, fx.unit.id);
    const altered = token.replace(/^[0-9a-z]+/, fx.john.id.toString(36));
    for (const t of [forged, altered, 'nonsense']) {
      const res = await fetch(`${app.url}/unsubscribe/${t}/`, { method: 'POST' });
      expect(res.status).toBe(404);
      expect(await res.text()).toContain('Neplatný odkaz');
    }
    expect(await consent(fx.john.id)).toEqual([{ unit: fx.unit.id, on: true }]);
    expect(await consent(fx.jana.id)).toEqual([{ unit: fx.unit.id, on: true }, { unit: fx.other.id, on: true }]);
  });
});

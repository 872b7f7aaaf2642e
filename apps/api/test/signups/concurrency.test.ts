import { describe, expect, it } from 'vitest';
import { makeEvent, makeMoneyAccount, makeUnit } from '@klub/db/testing';
import { useKlubApp } from '../helpers/klub-app.js';
import { bearer, rows } from './helpers.js';

describe('concurrent sign-ups and registrations (issue 4)', () => {
  const app = useKlubApp();

  it('20 parallel sign-ups with one e-mail make one profile and 20 interactions', async () => {
    const event = await makeEvent(app.em());
    const client = await app.client('read write can_create_userprofile_interaction');
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        app.api('/api/sign_up_for_event/', {
          method: 'POST',
          headers: bearer(client.token),
          json: { email: i % 2 ? 'Same@Example.org' : 'same@example.org', event: event.id, note: `note ${i}` },
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(200));
    const ids = new Set(results.map((r) => (r.body as { user_id: number }).user_id));
    expect(ids.size).toBe(1);
    expect(await rows(app, 'select count(*)::int as n from profile')).toEqual([{ n: 1 }]);
    expect(await rows(app, 'select count(*)::int as n from interaction')).toEqual([{ n: 20 }]);
    expect(await rows(app, 'select count(*)::int as n from outbox_message')).toEqual([{ n: 20 }]);
    const [profile] = await rows<{ note: string }>(app, 'select note from profile');
    expect(profile!.note.split('\n\n---\n\n').sort()).toEqual(Array.from({ length: 20 }, (_, i) => `note ${i}`).sort());
  });

  it('parallel registrations in one unit never share a VS', async () => {
    const unit = await makeUnit(app.em());
    const account = await makeMoneyAccount(app.em(), { administrativeUnit: unit, slug: 'bank' });
    await makeEvent(app.em(), { slug: 'ev' });
    void account;
    const results = await Promise.all(
      Array.from({ length: 15 }, (_, i) =>
        app.api('/api/register_userprofile/', {
          method: 'POST',
          json: { email: `r${i}@example.org`, userchannels: [{ money_account: 'bank', event: 'ev', regular_amount: 100 }] },
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(15).fill(201));
    const vs = results.map((r) => (r.body as { userchannels: Array<{ VS: string }> }).userchannels[0]!.VS).sort();
    expect(vs).toEqual(Array.from({ length: 15 }, (_, i) => String(i + 1).padStart(10, '0')));
  });

  it('parallel registrations with one e-mail create one account; the others get 400', async () => {
    await makeMoneyAccount(app.em(), { slug: 'bank' });
    await makeEvent(app.em(), { slug: 'ev' });
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        app.api('/api/register_userprofile/', {
          method: 'POST',
          headers: { 'accept-language': 'en' },
          json: { email: 'dup@example.org', userchannels: [{ money_account: 'bank', event: 'ev', regular_amount: 1 }] },
        }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 400, 400, 400, 400, 400, 400, 400]);
    expect(results.find((r) => r.status === 400)!.body).toEqual({ email: ['This field must be unique.'] });
    expect(await rows(app, 'select count(*)::int as n from profile')).toEqual([{ n: 1 }]);
  });
});

import { describe, expect, it } from 'vitest';
import { makeEvent, makeMoneyAccount } from '@klub/db/testing';
import { useKlubApp } from '../helpers/klub-app.js';
import { bearer } from '../signups/helpers.js';

describe('GET /api/check_event/{slug}/ and /api/check_moneyaccount/{slug}/ (api.md §9.1, §9.2)', () => {
  const app = useKlubApp();

  it('answers 200 {"slug"} for an existing slug (public or not) and 404 otherwise', async () => {
    await makeEvent(app.em(), { slug: 'event_slug', publicOnWeb: false });
    await makeMoneyAccount(app.em(), { slug: 'bank_slug' });
    const client = await app.client('read can_check_if_exist');
    const h = { ...bearer(client.token), 'accept-language': 'en' };
    expect(await app.api('/api/check_event/event_slug/', { headers: h })).toMatchObject({ status: 200, body: { slug: 'event_slug' } });
    expect(await app.api('/api/check_event/nope/', { headers: h })).toMatchObject({ status: 404, body: { detail: 'Not found.' } });
    expect(await app.api('/api/check_moneyaccount/bank_slug', { headers: h })).toMatchObject({ status: 200, body: { slug: 'bank_slug' } });
    expect(await app.api('/api/check_moneyaccount/event_slug/', { headers: h })).toMatchObject({ status: 404, body: { detail: 'Not found.' } });
  });

  it('lets staff users in and refuses other users, tokens without the scope or without read', async () => {
    await makeEvent(app.em(), { slug: 'event_slug' });
    const staff = await app.user({ isStaff: true });
    expect((await app.api('/api/check_event/event_slug/', { headers: bearer(staff.access) })).status).toBe(200);
    const user = await app.user();
    const forbidden = { status: 403, body: { detail: 'You do not have permission to perform this action.' } };
    expect(await app.api('/api/check_event/event_slug/', { headers: { ...bearer(user.access), 'accept-language': 'en' } })).toMatchObject(forbidden);
    for (const scopes of ['read write', 'write can_check_if_exist']) {
      const client = await app.client(scopes);
      expect(await app.api('/api/check_moneyaccount/x/', { headers: { ...bearer(client.token), 'accept-language': 'en' } })).toMatchObject(forbidden);
    }
    expect(await app.api('/api/check_event/event_slug/', { headers: { 'accept-language': 'en' } })).toMatchObject({
      status: 403,
      body: { detail: 'Authentication credentials were not provided.' },
    });
  });
});

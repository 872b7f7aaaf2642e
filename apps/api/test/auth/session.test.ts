import { describe, expect, it } from 'vitest';
import { Profile, Session } from '@klub/db';
import { hashPassword } from '@klub/domain';
import { useKlubApp } from '../helpers/klub-app.js';

function cookiesOf(headers: Headers): Record<string, string> {
  return Object.fromEntries(headers.getSetCookie().map((c) => c.split(';')[0]!.split('=') as [string, string]));
}

describe('browser sessions: POST /api/auth/login/ and /api/auth/logout/ (operations.md §3)', () => {
  const app = useKlubApp();

  async function login() {
    const user = await app.user({ firstName: 'Ann', lastName: 'Lee', isStaff: true });
    const res = await app.api('/api/auth/login/', {
      method: 'POST',
      json: { username: user.username, password: user.password },
    });
    return { user, res, cookies: cookiesOf(res.headers) };
  }

  it('sets an HttpOnly SameSite=Lax session cookie and a csrftoken, and answers the whoami body', async () => {
    const { user, res, cookies } = await login();
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      id: user.id,
      first_name: 'Ann',
      last_name: 'Lee',
      nickname: '',
      is_staff: true,
      is_superuser: false,
      is_event_organizer: false,
      // Staff without units: unit staff who reach nothing yet (issue 17 §1).
      admin_role: 'unit',
      administered_units: [],
    });
    const session = res.headers.getSetCookie().find((c) => c.startsWith('sessionid='))!;
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Lax/i);
    expect(cookies.csrftoken).toMatch(/^[A-Za-z0-9]{32}$/);
    const [stored] = await app.em().find(Session, {});
    expect(stored!.id).not.toBe(cookies.sessionid);
  });

  it('refuses a wrong password with a non-field error', async () => {
    const user = await app.user();
    const res = await app.api('/api/auth/login/', {
      method: 'POST',
      json: { username: user.username, password: 'nope' },
      headers: { 'accept-language': 'en' },
    });
    expect(res).toMatchObject({
      status: 400,
      body: { non_field_errors: ['Unable to log in with provided credentials.'] },
    });
  });

  it('demands X-CSRFToken on unsafe cookie requests, then logs out and the cookie stops working', async () => {
    const { cookies } = await login();
    const cookie = `sessionid=${cookies.sessionid}; csrftoken=${cookies.csrftoken}`;
    const noCsrf = await app.api('/api/auth/logout/', { method: 'POST', headers: { cookie, 'accept-language': 'en' } });
    expect(noCsrf).toMatchObject({ status: 403, body: { detail: 'CSRF Failed: CSRF token missing or incorrect.' } });
    expect((await app.api('/api/event/', { headers: { cookie } })).status).toBe(200);
    const out = await app.api('/api/auth/logout/', {
      method: 'POST',
      headers: { cookie, 'x-csrftoken': cookies.csrftoken! },
    });
    expect(out.status).toBe(204);
    expect(await app.em().count(Session, {})).toBe(0);
    const again = await app.api('/api/auth/logout/', {
      method: 'POST',
      headers: { cookie, 'x-csrftoken': cookies.csrftoken!, 'accept-language': 'en' },
    });
    expect(again).toMatchObject({ status: 403, body: { detail: 'Authentication credentials were not provided.' } });
  });

  it('ends the sessions of a person whose password changed, on the very next request (issue 15 §4)', async () => {
    const { user, cookies } = await login();
    const other = await login();
    const cookie = `sessionid=${cookies.sessionid}; csrftoken=${cookies.csrftoken}`;
    expect((await app.api('/api/frontend/whoami/', { headers: { cookie } })).status).toBe(200);
    // However it changes (here as plain SQL would): the reset link and the admin API write the same column.
    await app.em().nativeUpdate(Profile, { id: user.id }, { password: await hashPassword('a new long secret') });
    const res = await app.api('/api/frontend/whoami/', { headers: { cookie, 'accept-language': 'en' } });
    expect(res).toMatchObject({ status: 403, body: { detail: 'Authentication credentials were not provided.' } });
    // Another person's session is untouched.
    const otherCookie = `sessionid=${other.cookies.sessionid}; csrftoken=${other.cookies.csrftoken}`;
    expect((await app.api('/api/frontend/whoami/', { headers: { cookie: otherCookie } })).status).toBe(200);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor, ActorUser } from '../../src/auth/actor.js';
import { checkPolicy, parsePolicy } from '../../src/trpc/policy.js';
import { call, startServer, type TestServer } from '../helpers/server.js';
import { testRouter } from '../helpers/test-router.js';

const NOT_AUTH = { detail: 'Authentication credentials were not provided.' };
const FORBIDDEN = { detail: 'You do not have permission to perform this action.' };

let s: TestServer;
beforeAll(async () => {
  s = await startServer({ router: testRouter });
});
afterAll(async () => {
  await s.close();
});

const as = async (who: string | null, path: string, method = 'GET') =>
  call(`${s.url}${path}`, {
    method,
    json: method === 'GET' ? undefined : {},
    headers: { 'accept-language': 'en', ...(who ? { authorization: `Bearer ${who}` } : {}) },
  });

describe('permission policies over HTTP (api.md §2.3)', () => {
  it.each([
    // [credential, path, method, status, body]
    [null, '/api/frontend/whoami', 'GET', 403, NOT_AUTH],
    ['client:read,write', '/api/frontend/whoami', 'GET', 403, FORBIDDEN],
    ['user', '/api/frontend/whoami', 'GET', 200, { username: 'ann' }],
    ['oauth:read', '/api/frontend/whoami', 'GET', 200, { username: 'ann' }],

    [null, '/api/frontend/locations/', 'GET', 403, NOT_AUTH],
    ['user', '/api/frontend/locations/', 'GET', 403, FORBIDDEN],
    ['client:read,write', '/api/frontend/locations/', 'GET', 403, FORBIDDEN],
    ['staff', '/api/frontend/locations/', 'GET', 200, [{ id: 1, name: 'Brno' }]],
    ['organizer', '/api/frontend/locations/', 'GET', 200, [{ id: 1, name: 'Brno' }]],

    [null, '/api/frontend/events/', 'POST', 403, NOT_AUTH],
    ['staff', '/api/frontend/events/', 'POST', 403, FORBIDDEN],
    ['organizer', '/api/frontend/events/', 'POST', 201, { ok: true }],
    ['su', '/api/frontend/events/', 'POST', 201, { ok: true }],

    [null, '/api/admin/things/', 'GET', 403, NOT_AUTH],
    ['staff', '/api/admin/things/', 'GET', 403, FORBIDDEN],
    ['su', '/api/admin/things/', 'GET', 200, []],

    [null, '/api/check_event/x/', 'GET', 403, NOT_AUTH],
    ['client:can_check_if_exist,read', '/api/check_event/x/', 'GET', 200, { slug: 'x' }],
    ['client:can_check_if_exist,write', '/api/check_event/x/', 'GET', 403, FORBIDDEN],
    ['client:read,write', '/api/check_event/x/', 'GET', 403, FORBIDDEN],
    ['oauth:can_check_if_exist,read', '/api/check_event/x/', 'GET', 200, { slug: 'x' }],
    ['user', '/api/check_event/x/', 'GET', 403, FORBIDDEN],
    ['staff', '/api/check_event/x/', 'GET', 200, { slug: 'x' }],

    [null, '/api/sign_up_for_event/', 'POST', 403, NOT_AUTH],
    ['client:can_create_userprofile_interaction,write', '/api/sign_up_for_event/', 'POST', 200, { ok: true }],
    ['client:can_create_userprofile_interaction', '/api/sign_up_for_event/', 'POST', 403, FORBIDDEN],
    ['client:can_create_userprofile_interaction,read', '/api/sign_up_for_event/', 'POST', 403, FORBIDDEN],
    ['user', '/api/sign_up_for_event/', 'POST', 200, { ok: true }],
  ] as const)('%s %s %s → %i', async (who, path, method, status, body) => {
    const r = await as(who, path, method);
    expect(r.status).toBe(status);
    expect(r.body).toEqual(body);
  });

  it('gives a public endpoint the calling user when there is one', async () => {
    expect((await as('user', '/api/echo/')).body).toMatchObject({ user: 'ann' });
    expect((await as(null, '/api/echo/')).body).toMatchObject({ user: null });
  });
});

describe('checkPolicy', () => {
  const user = (over: Partial<ActorUser> = {}): Actor => ({
    kind: 'user',
    user: { id: 1, username: 'u', isStaff: false, isSuperuser: false, isActive: true, roles: [], ...over },
    via: 'jwt',
    scopes: null,
  });

  it('parses every policy word of api.md §16 it supports, and nothing else', () => {
    for (const p of ['PUBLIC', 'USER', 'TEAM', 'ORG', 'SU/ORG-PERM', 'STAFF', 'SU', 'SCOPE(can_create_profiles)+STAFF', 'SCOPE(can_x)+USER']) {
      expect(parsePolicy(p)).toBeDefined();
    }
    for (const p of ['public', 'ADMIN', 'SCOPE()+STAFF', 'SCOPE(x)+ANY']) expect(parsePolicy(p)).toBeUndefined();
  });

  it('lets active staff and superusers through STAFF (issue 17 §1), nobody else', () => {
    expect(checkPolicy('STAFF', user({ isStaff: true }), 'query')).toMatchObject({ isStaff: true });
    expect(checkPolicy('STAFF', user({ isSuperuser: true }), 'mutation')).toMatchObject({ isSuperuser: true });
    expect(() => checkPolicy('STAFF', user(), 'query')).toThrow(FORBIDDEN.detail);
    expect(() => checkPolicy('STAFF', user({ isStaff: true, isActive: false }), 'query')).toThrow(FORBIDDEN.detail);
    expect(() => checkPolicy('STAFF', user({ roles: ['edit_all_units', 'event_organizer'] }), 'query')).toThrow(FORBIDDEN.detail);
  });

  it('does not let an inactive superuser through SU', () => {
    expect(() => checkPolicy('SU', user({ isSuperuser: true, isActive: false }), 'query')).toThrow(FORBIDDEN.detail);
  });

  it('lets a staff user with an OAuth token through the STAFF alternative without the scope (D6)', () => {
    const oauthStaff: Actor = { kind: 'user', user: (user({ isStaff: true }) as Extract<Actor, { kind: 'user' }>).user, via: 'oauth', scopes: ['read'] };
    expect(checkPolicy('SCOPE(can_create_profiles)+STAFF', oauthStaff, 'mutation')).toMatchObject({ isStaff: true });
  });

  it('throws the rejected actor error first', () => {
    const err = new Error('rejected');
    expect(() => checkPolicy('PUBLIC', { kind: 'rejected', error: err as never }, 'query')).toThrow('rejected');
  });

  it('refuses an unknown policy loudly', () => {
    expect(() => checkPolicy('EVERYONE', user(), 'query')).toThrow(/Unknown policy/);
  });
});

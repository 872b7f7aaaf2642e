import { describe, expect, it } from 'vitest';
import { makeProfile, makeUnit } from '@klub/db/testing';
import { decodeUid, encodeUid, makeResetToken } from '@klub/domain';
import { useKlubApp } from '../helpers/klub-app.js';
import { outbox, rows } from '../signups/helpers.js';

describe('password reset (api.md §6.2, §6.3)', () => {
  const app = useKlubApp();
  const en = { 'accept-language': 'en' };

  async function requestLink(email: string) {
    const res = await app.api('/api/reset_password_email/', { method: 'POST', json: { email } });
    expect(res.status).toBe(200);
    const job = (await outbox(app)).at(-1)!;
    return job.payload as { uid: string; token: string };
  }

  it('encodes the uid as unpadded URL-safe base64 of the id', () => {
    expect(encodeUid(12)).toBe('MTI');
    expect(encodeUid(57)).toBe('NTc');
    expect(decodeUid('MTI')).toBe(12);
    expect(decodeUid('MTI=')).toBeUndefined();
    expect(decodeUid('bm9wZQ')).toBeUndefined();
  });

  it('queues the reset e-mail with everything the worker needs, answering 200 with an empty body', async () => {
    await makeUnit(app.em(), { fromEmailStr: 'First <first@example.org>' });
    await makeUnit(app.em(), { fromEmailStr: 'Second <second@example.org>' });
    const user = await app.user({ username: 'anna', email: 'anna@example.org' });
    const res = await app.api('/api/reset_password_email/', { method: 'POST', headers: en, json: { email: 'ANNA@example.org' } });
    expect(res).toMatchObject({ status: 200, text: '' });
    expect(res.headers.get('content-type')).toBeNull();
    const jobs = await outbox(app);
    expect(jobs).toEqual([
      {
        jobName: 'email.password-reset',
        payload: {
          profileId: user.id,
          email: 'anna@example.org',
          username: 'anna',
          from: 'First <first@example.org>',
          uid: encodeUid(user.id),
          token: expect.stringMatching(/^[0-9a-z]+-[0-9a-f]{32}$/),
          lang: 'en',
        },
      },
    ]);
  });

  it('answers the same 200 for an unknown address and queues nothing', async () => {
    await app.user({ email: 'anna@example.org' });
    const res = await app.api('/api/reset_password_email/', { method: 'POST', json: { email: 'nobody@example.org' } });
    expect(res).toMatchObject({ status: 200, text: '' });
    expect(await outbox(app)).toEqual([]);
  });

  it('gives an account without a password a random one first (jobs.md §4.2)', async () => {
    const profile = await makeProfile(app.em(), { email: 'nopw@example.org', password: null });
    await requestLink('nopw@example.org');
    const [row] = await rows<{ password: string | null }>(app, 'select password from profile where id = ?', [profile.id]);
    expect(row!.password).toMatch(/^\$argon2/);
  });

  it('validates the e-mail', async () => {
    expect(await app.api('/api/reset_password_email/', { method: 'POST', headers: en, json: {} })).toMatchObject({
      status: 400,
      body: { email: ['This field is required.'] },
    });
    expect((await app.api('/api/reset_password_email/', { method: 'POST', headers: en, json: { email: 'x' } })).body).toEqual({
      email: ['Enter a valid email address.'],
    });
  });

  it('sets the new password from the link; then /api/token/ takes the new one, not the old one, and the link is spent', async () => {
    const user = await app.user({ username: 'bob', email: 'bob@example.org' });
    const { uid, token } = await requestLink('bob@example.org');
    const confirm = `/api/reset_password_email_confirm/${uid}/${token}/`;
    const res = await app.api(confirm, { method: 'POST', json: { password_1: 'Nove-heslo-2025!', password_2: 'Nove-heslo-2025!' } });
    expect(res).toMatchObject({ status: 200, text: '' });
    expect((await app.api('/api/token/', { method: 'POST', json: { username: 'bob', password: 'Nove-heslo-2025!' } })).status).toBe(200);
    expect((await app.api('/api/token/', { method: 'POST', json: { username: 'bob', password: user.password } })).status).toBe(401);
    const again = await app.api(confirm, { method: 'POST', json: { password_1: 'Jine-heslo-2025!', password_2: 'Jine-heslo-2025!' } });
    expect(again).toMatchObject({ status: 403, text: '' });
  });

  it('checks in the contract order: policy 400, mismatch 404 (D39), then uid/token 403 with an empty body (D18)', async () => {
    const user = await app.user({ email: 'c@example.org' });
    const { uid, token } = await requestLink('c@example.org');
    const post = (path: string, json: unknown) => app.api(path, { method: 'POST', headers: en, json });
    const good = `/api/reset_password_email_confirm/${uid}/${token}/`;
    expect(await post(good, { password_1: '1234567', password_2: '1234567' })).toMatchObject({
      status: 400,
      body: {
        password_1: ['This password is too short. It must contain at least 8 characters.', 'This password is too common.', 'This password is entirely numeric.'],
      },
    });
    expect((await post(good, {})).body).toEqual({ password_1: ['This field is required.'], password_2: ['This field is required.'] });
    expect((await post(good, { password_1: '', password_2: 'x' })).body).toEqual({ password_1: ['This field may not be blank.'] });
    expect(await post('/api/reset_password_email_confirm/zzz/bad/', { password_1: 'Dlouhe-heslo-1', password_2: 'Dlouhe-heslo-2' })).toMatchObject({
      status: 404,
      body: { detail: 'Passoword 1 and 2 doesnt match' },
    });
    const ok = { password_1: 'Dlouhe-heslo-1', password_2: 'Dlouhe-heslo-1' };
    for (const path of [
      `/api/reset_password_email_confirm/zzz/${token}/`,
      `/api/reset_password_email_confirm/${encodeUid(user.id + 1000)}/${token}/`,
      // A different last character (a fixed '0' would sometimes be the token itself).
      `/api/reset_password_email_confirm/${uid}/${token.slice(0, -1)}${token.endsWith('0') ? '1' : '0'}/`,
      `/api/reset_password_email_confirm/${uid}/nonsense/`,
    ]) {
      const res = await post(path, ok);
      expect({ path, status: res.status, text: res.text }).toEqual({ path, status: 403, text: '' });
    }
    expect((await post(good.slice(0, -1), ok)).status).toBe(200);
  });

  it('refuses a token older than 3 days, and one issued before a login or an e-mail change', async () => {
    const user = await app.user({ email: 'd@example.org' });
    const [state] = await rows<{ password: string }>(app, 'select password from profile where id = ?', [user.id]);
    const ok = { password_1: 'Dlouhe-heslo-1', password_2: 'Dlouhe-heslo-1' };
    const old = makeResetToken(app.env.SECRET_KEY, { id: user.id, password: state!.password, lastLogin: null, email: 'd@example.org' }, new Date(Date.now() - 3 * 86_400_000 - 60_000));
    expect((await app.api(`/api/reset_password_email_confirm/${encodeUid(user.id)}/${old}/`, { method: 'POST', json: ok })).status).toBe(403);

    const fresh = makeResetToken(app.env.SECRET_KEY, { id: user.id, password: state!.password, lastLogin: null, email: 'd@example.org' }, new Date(Date.now() - 2 * 86_400_000));
    const { token } = await requestLink('d@example.org');
    await app.em().getConnection().execute('update profile set last_login = now() where id = ?', [user.id]);
    expect((await app.api(`/api/reset_password_email_confirm/${encodeUid(user.id)}/${token}/`, { method: 'POST', json: ok })).status).toBe(403);
    expect((await app.api(`/api/reset_password_email_confirm/${encodeUid(user.id)}/${fresh}/`, { method: 'POST', json: ok })).status).toBe(403);

    const { token: afterLogin } = await requestLink('d@example.org');
    await app.em().getConnection().execute(`update profile set email = 'other@example.org' where id = ?`, [user.id]);
    expect((await app.api(`/api/reset_password_email_confirm/${encodeUid(user.id)}/${afterLogin}/`, { method: 'POST', json: ok })).status).toBe(403);
  });
});

import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { ACCESS_LIFETIME_S, JwtService } from '../../src/auth/jwt.js';

// A verified token is remembered with its claims; what a later use must still check is checked.
describe('JwtService.verify', () => {
  const jwt = new JwtService('unit-test-secret-key');

  it('refuses a remembered token once it has expired', async () => {
    // Signed so that it expires within one to two seconds (`exp` is in whole seconds).
    const token = await jwt.sign(7, 'access', Date.now() - (ACCESS_LIFETIME_S - 2) * 1000);
    expect(await jwt.verify(token, 'access')).toMatchObject({ ok: true, userId: 7 });
    expect(await jwt.verify(token, 'access')).toMatchObject({ ok: true, userId: 7 });
    await new Promise((r) => setTimeout(r, 3_100));
    expect(await jwt.verify(token, 'access')).toEqual({ ok: false, reason: 'invalid' });
  });

  it('says wrong_type for a remembered token of the other type', async () => {
    const refresh = await jwt.sign(8, 'refresh');
    expect(await jwt.verify(refresh, 'refresh')).toMatchObject({ ok: true, userId: 8 });
    expect(await jwt.verify(refresh, 'access')).toEqual({ ok: false, reason: 'wrong_type' });
  });

  it('refuses a token signed with another key, and one without an expiry, every time', async () => {
    const other = await new JwtService('another-secret-key-entirely').sign(9, 'access');
    const key = new TextEncoder().encode('unit-test-secret-key');
    const noExp = await new SignJWT({ token_type: 'access', user_id: 9 })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(key);
    for (let i = 0; i < 2; i++) {
      expect(await jwt.verify(other, 'access')).toEqual({ ok: false, reason: 'invalid' });
      expect(await jwt.verify(noExp, 'access')).toEqual({ ok: false, reason: 'invalid' });
    }
  });
});

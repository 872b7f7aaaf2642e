import { afterEach, describe, expect, it } from 'vitest';
import { hashPassword, makeDjangoPbkdf2Hash, passwordHashing, setPasswordHashConcurrency, verifyPassword } from '../src/auth/passwords.js';

/**
 * Issue 21 goal 3: password hashing is bounded per process (PASSWORD_HASH_CONCURRENCY), so a
 * burst of logins queues among itself instead of taking every core from cheap requests.
 */
describe('password hashing concurrency', () => {
  afterEach(() => setPasswordHashConcurrency(1));

  it('never computes more hashes at once than the bound; the rest wait and all answer correctly', async () => {
    const argon = await hashPassword('correct horse');
    const legacy = await makeDjangoPbkdf2Hash('battery staple', 'salt', 20_000);
    for (const limit of [1, 2]) {
      setPasswordHashConcurrency(limit);
      passwordHashing.peak = 0;
      const checks = await Promise.all([
        verifyPassword(argon, 'correct horse'),
        verifyPassword(argon, 'wrong'),
        verifyPassword(null, 'unknown user'),
        verifyPassword(legacy, 'battery staple'),
        verifyPassword(argon, 'correct horse'),
        hashPassword('another').then(() => ({ ok: true, needsRehash: false })),
      ]);
      expect(checks.map((c) => c.ok)).toEqual([true, false, false, true, true, true]);
      expect(passwordHashing.peak).toBe(limit);
      expect(passwordHashing.active).toBe(0);
    }
  });

});

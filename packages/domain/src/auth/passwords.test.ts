import { describe, expect, it } from 'vitest';
import { hashPassword, makeDjangoPbkdf2Hash, verifyPassword } from './passwords.js';

describe('verifyPassword', () => {
  it('accepts the right password for an Argon2id hash and needs no rehash', async () => {
    const stored = await hashPassword('correct horse');
    expect(stored.startsWith('$argon2id$')).toBe(true);
    expect(await verifyPassword(stored, 'correct horse')).toEqual({ ok: true, needsRehash: false });
    expect((await verifyPassword(stored, 'wrong horse')).ok).toBe(false);
  });

  it('verifies a Django pbkdf2_sha256 hash and asks for a rehash', async () => {
    const stored = await makeDjangoPbkdf2Hash('foobarbaz', 'abcdefgh12345678', 1000);
    expect(await verifyPassword(stored, 'foobarbaz')).toEqual({ ok: true, needsRehash: true });
    expect((await verifyPassword(stored, 'foobarbax')).ok).toBe(false);
  });

  it('verifies a hash built from the RFC 7914 PBKDF2-HMAC-SHA256 test vector', async () => {
    // RFC 7914 §11: P="passwd", S="salt", c=1 → 55ac046e56e3089f... (first 32 bytes).
    const stored = 'pbkdf2_sha256$1$salt$' + Buffer.from('55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc', 'hex').toString('base64');
    expect(await verifyPassword(stored, 'passwd')).toEqual({ ok: true, needsRehash: true });
    expect(await makeDjangoPbkdf2Hash('passwd', 'salt', 1)).toBe(stored);
  });

  it('refuses unusable, empty and unknown hashes', async () => {
    expect((await verifyPassword(null, 'x')).ok).toBe(false);
    expect((await verifyPassword('', 'x')).ok).toBe(false);
    expect((await verifyPassword('!unusable', 'x')).ok).toBe(false);
    expect((await verifyPassword('md5$abc$def', 'x')).ok).toBe(false);
  });
});

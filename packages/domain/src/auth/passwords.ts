import { pbkdf2, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { hash as argonHash, verify as argonVerify } from '@node-rs/argon2';

const pbkdf2Async = promisify(pbkdf2);

// Argon2id is the library's default algorithm (the test pins it). OWASP's baseline (19 MiB, 2 passes): strong enough, and a login stays ~20 ms here.
const ARGON_OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

/**
 * At most `limit` hashes at once in this process; the rest wait in order. A hash is ~20 ms of a
 * core on libuv's thread pool (four threads): unbounded, a burst of logins takes every core
 * and the cheap requests' event loop waits behind it. Bounded, logins queue among themselves.
 */
class HashingGate {
  limit = 1;
  active = 0;
  /** The most that ever ran at once (for the test of the bound). */
  peak = 0;
  private readonly queue: Array<() => void> = [];

  async run<T>(work: () => Promise<T>): Promise<T> {
    // A finished hash hands its slot straight to the next in line (active stays counted), so a
    // caller arriving in between cannot take it too.
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.queue.push(resolve));
    else this.active++;
    this.peak = Math.max(this.peak, this.active);
    try {
      return await work();
    } finally {
      const next = this.active <= this.limit ? this.queue.shift() : undefined;
      if (next) next();
      else this.active--;
    }
  }
}

export const passwordHashing = new HashingGate();

/** PASSWORD_HASH_CONCURRENCY: how many hashes this process computes at once (default 1). */
export function setPasswordHashConcurrency(limit: number): void {
  passwordHashing.limit = Math.max(1, Math.floor(limit));
}

export async function hashPassword(plain: string): Promise<string> {
  return passwordHashing.run(() => argonHash(plain, ARGON_OPTIONS));
}

const argonCheck = (stored: string, plain: string): Promise<boolean> =>
  passwordHashing.run(() => argonVerify(stored, plain)).catch(() => false);

/** NULL, empty and Django's `!`-prefixed hashes mean "cannot log in" (domain.md §2.1). */
export function isUsablePassword(stored: string | null | undefined): stored is string {
  return !!stored && !stored.startsWith('!');
}

export interface PasswordCheck {
  ok: boolean;
  /** True when the stored hash is a legacy Django hash that should be replaced by Argon2id. */
  needsRehash: boolean;
}

// Verified against unknown users and unusable passwords so that a miss costs as much as a hit
// and response times do not reveal which usernames exist.
let dummyHash: Promise<string> | undefined;
function getDummyHash(): Promise<string> {
  dummyHash ??= hashPassword('dummy password that never matches');
  return dummyHash;
}

/**
 * Check a password against a stored hash: Argon2id (ours) or Django's
 * `pbkdf2_sha256$<iterations>$<salt>$<base64 hash>` (users migrated from the original).
 * Pass `null` for unknown users: the same work is done and the answer is false.
 */
export async function verifyPassword(stored: string | null | undefined, plain: string): Promise<PasswordCheck> {
  if (!isUsablePassword(stored)) {
    await argonCheck(await getDummyHash(), plain);
    return { ok: false, needsRehash: false };
  }
  if (stored.startsWith('pbkdf2_sha256$')) {
    return { ok: await verifyDjangoPbkdf2(stored, plain), needsRehash: true };
  }
  if (stored.startsWith('$argon2')) {
    const ok = await argonCheck(stored, plain);
    return { ok, needsRehash: false };
  }
  return { ok: false, needsRehash: false };
}

async function verifyDjangoPbkdf2(stored: string, plain: string): Promise<boolean> {
  const [, iterText, salt, expected] = stored.split('$');
  const iterations = Number(iterText);
  if (!salt || !expected || !Number.isInteger(iterations) || iterations < 1 || iterations > 10_000_000) return false;
  const expectedBytes = Buffer.from(expected, 'base64');
  const actual = await passwordHashing.run(() => pbkdf2Async(plain, salt, iterations, expectedBytes.length || 32, 'sha256'));
  return actual.length === expectedBytes.length && timingSafeEqual(actual, expectedBytes);
}

/** Produce a Django-format hash; used by tests and imports of legacy users. */
export async function makeDjangoPbkdf2Hash(plain: string, salt: string, iterations = 260000): Promise<string> {
  const bytes = await pbkdf2Async(plain, salt, iterations, 32, 'sha256');
  return `pbkdf2_sha256$${iterations}$${salt}$${bytes.toString('base64')}`;
}

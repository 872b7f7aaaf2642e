import type { EntityManager } from '@mikro-orm/postgresql';
import { Profile } from '@klub/db';
import { hashPassword, verifyPassword } from './passwords.js';

/**
 * Check a username/password pair. Unknown users cost the same hash work as known ones, and a
 * legacy Django hash is replaced by Argon2id on the first successful login. Returns the active
 * profile, or null for any failure (the callers answer every failure the same way).
 */
export async function authenticate(em: EntityManager, username: string, password: string): Promise<Profile | null> {
  const user = await em.findOne(Profile, { username });
  const check = await verifyPassword(user?.password, password);
  if (!user || !check.ok || !user.isActive) return null;
  if (check.needsRehash) {
    user.password = await hashPassword(password);
    await em.flush();
  }
  return user;
}

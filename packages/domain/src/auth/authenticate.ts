import type { EntityManager } from '@mikro-orm/postgresql';
import { execute } from '../sql.js';
import { hashPassword, verifyPassword } from './passwords.js';

/** The outcome of a username/password check; `inactive` only when the password was right. */
export type LoginVerdict =
  | {
      ok: true;
      userId: number;
      /**
       * False when `last_login` must be written for this login to spend the reset links made
       * before it (see `recordLogin`): never written, or marked by a reset request since.
       */
      loginRecorded: boolean;
    }
  | { ok: false; reason: 'invalid' | 'inactive' };

interface LoginRow {
  id: number;
  password: string | null;
  is_active: boolean;
  login_recorded: boolean;
}

/**
 * Check a username/password pair: the one password verification of every login (the API calls
 * it only through its rate-limited password check, auth/password-logins.ts). Unknown users cost
 * the same hash work as known ones, and a legacy Django hash is replaced by Argon2id on the first
 * successful login.
 */
export async function verifyLogin(em: EntityManager, username: string, password: string): Promise<LoginVerdict> {
  // PostgreSQL text cannot hold U+0000 (sending one breaks the protocol): no such user exists.
  const [user] = username.includes('\u0000')
    ? []
    : await execute<LoginRow[]>(
        em,
        `select id, password, is_active,
       (last_login is not null and last_login <> date_trunc('second', last_login)) as login_recorded
     from profile where username = ?`,
        [username],
      );
  const check = await verifyPassword(user?.password, password);
  if (!user || !check.ok) return { ok: false, reason: 'invalid' };
  if (!user.is_active) return { ok: false, reason: 'inactive' };
  if (check.needsRehash) {
    await execute(em, 'update profile set password = ? where id = ?', [await hashPassword(password), user.id]);
  }
  return { ok: true, userId: user.id, loginRecorded: user.login_recorded };
}

/**
 * Django's `update_last_login`. A reset link signs `last_login` to the second
 * (people/password-reset.ts), so writing it spends every link made before this login.
 *
 * `now()` has microseconds, and a reset request truncates `last_login` to its whole second
 * (which leaves the second, and so its link, as it is): a whole-second `last_login` says "a link
 * may have been made since the last login was written". Credentials that come with every request
 * (HTTP Basic) therefore write only when that is so (`LoginVerdict.loginRecorded` false), which
 * is exactly when the write can spend a link, instead of on every request.
 */
export async function recordLogin(em: EntityManager, userId: number): Promise<void> {
  await execute(em, 'update profile set last_login = now() where id = ?', [userId]);
}

/**
 * What a reset request does to `last_login` (see `recordLogin`): drop its fraction of a second,
 * so that the next login of any kind writes it again. The link's signature stays the same.
 */
export async function markResetRequested(em: EntityManager, userId: number): Promise<void> {
  await execute(
    em,
    `update profile set last_login = date_trunc('second', last_login)
      where id = ? and last_login <> date_trunc('second', last_login)`,
    [userId],
  );
}

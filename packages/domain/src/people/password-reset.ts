import { createHmac, randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { emailPasswordReset, PEOPLE_MSG, type Lang } from '@klub/contracts';
import { constantTimeEqual } from '../auth/secrets.js';
import { markResetRequested } from '../auth/authenticate.js';
import { hashPassword } from '../auth/passwords.js';
import { CustomError, ValidationError } from '../errors.js';
import { enqueue } from '../outbox.js';
import { execute } from '../sql.js';
import { passwordProblems } from './password-policy.js';

/** api.md §6.3: a reset link is good for 3 days. */
export const RESET_TOKEN_DAYS = 3;

/** `uid` of the link: unpadded URL-safe base64 of the decimal id (12 → `MTI`). */
export function encodeUid(id: number): string {
  return Buffer.from(String(id), 'utf8').toString('base64url');
}

/** The id in `uid`, or undefined when it is not the encoding of a positive integer. */
export function decodeUid(uid: string): number | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(uid) || uid.length > 16) return undefined;
  const text = Buffer.from(uid, 'base64url').toString('utf8');
  if (!/^[1-9]\d{0,9}$/.test(text) || encodeUid(Number(text)) !== uid) return undefined;
  const id = Number(text);
  return id <= 2_147_483_647 ? id : undefined;
}

interface TokenState {
  id: number;
  password: string | null;
  /** A Date, or the text the driver gives for a timestamptz. */
  lastLogin: Date | string | null;
  email: string | null;
}

const sign = (secret: string, u: TokenState, ts: number) =>
  createHmac('sha256', secret)
    .update(['klub.password-reset', u.id, u.password ?? '', u.lastLogin ? Math.floor(new Date(u.lastLogin).getTime() / 1000) : '', u.email ?? '', ts].join('\u0000'))
    .digest('hex')
    .slice(0, 32);

/**
 * A stateless reset token with the properties of jobs.md §4.2 (Django's generator): an HMAC of
 * the user's id, password hash, last login (to the second) and e-mail copy, and the issue time.
 * Setting the password, logging in (auth/authenticate.ts `recordLogin`, written by every kind of
 * login) or changing the e-mail invalidates it; so does age beyond 3 days.
 */
export function makeResetToken(secret: string, u: TokenState, now: Date = new Date()): string {
  const ts = Math.floor(now.getTime() / 1000);
  return `${ts.toString(36)}-${sign(secret, u, ts)}`;
}

export function checkResetToken(secret: string, u: TokenState, token: string, now: Date = new Date()): boolean {
  const m = /^([0-9a-z]{1,10})-([0-9a-f]{32})$/.exec(token);
  if (!m) return false;
  const ts = parseInt(m[1]!, 36);
  const age = Math.floor(now.getTime() / 1000) - ts;
  if (age < 0 || age > RESET_TOKEN_DAYS * 86_400) return false;
  return constantTimeEqual(sign(secret, u, ts), m[2]!);
}

async function tokenState(em: EntityManager, id: number): Promise<(TokenState & { username: string | null }) | undefined> {
  const [row] = await execute<Array<TokenState & { username: string | null }>>(
    em,
    `select id, password, last_login as "lastLogin", email, username from profile where id = ?`,
    [id],
  );
  return row;
}

export interface PasswordResetRequest {
  /** Lower-cased by the contract. */
  email: string;
  secret: string;
  lang: Lang;
  /** `From:` when no administrative unit exists. */
  fallbackFrom: string;
}

/**
 * `POST /api/reset_password_email/` (api.md §6.2): for a known address, queue the reset e-mail
 * (uid, token, username, sender) in the outbox of this transaction. An unknown address does the
 * same lookups and a token's worth of hashing, so neither the answer nor its timing tells
 * whether the address exists. Returns whether a job was queued (for tests and logs).
 */
export async function requestPasswordReset(em: EntityManager, r: PasswordResetRequest): Promise<boolean> {
  // Hashed on every request, used only for an account without a password: the answer then takes
  // as long for an unknown address as for a known one, with or without a password.
  const randomHash = await hashPassword(randomBytes(24).toString('base64url'));
  return em.transactional(async (tx) => {
    const [match] = await execute<Array<{ userId: number; email: string }>>(
      tx,
      `select pe.user_id as "userId", pe.email from profile_email pe join profile p on p.id = pe.user_id
        where lower(pe.email) = ? and p.kind = 'user' limit 1`,
      [r.email],
    );
    const [unit] = await execute<Array<{ from: string }>>(
      tx,
      'select from_email_str as "from" from administrative_unit where from_email_str is not null order by id limit 1',
    );
    if (!match) {
      makeResetToken(r.secret, { id: 0, password: randomBytes(16).toString('hex'), lastLogin: null, email: r.email });
      return false;
    }
    // The next login of any kind then writes last_login, which spends this link (recordLogin).
    await markResetRequested(tx, match.userId);
    let user = (await tokenState(tx, match.userId))!;
    if (!user.password) {
      // The token is bound to the password hash, so an account without one gets a random one first (jobs.md §4.2).
      await execute(tx, 'update profile set password = ? where id = ?', [randomHash, user.id]);
      user = (await tokenState(tx, match.userId))!;
    }
    const payload = {
      profileId: user.id,
      email: match.email.toLowerCase(),
      username: user.username ?? '',
      from: unit?.from ?? r.fallbackFrom,
      uid: encodeUid(user.id),
      token: makeResetToken(r.secret, user),
      lang: r.lang,
    };
    if (!emailPasswordReset.payload.safeParse(payload).success) return false;
    enqueue(tx, emailPasswordReset, payload);
    return true;
  });
}

export interface PasswordResetConfirmation {
  uid: string;
  token: string;
  password1: string;
  password2: string;
  secret: string;
}

/**
 * `POST /api/reset_password_email_confirm/{uid}/{token}/` (api.md §6.3), in the contract's
 * order: the policy (400), the mismatch (404, D39), an unknown uid or a bad token (403 with an
 * empty body, D18); then the new password is set, which also spends the token.
 */
export async function confirmPasswordReset(em: EntityManager, c: PasswordResetConfirmation): Promise<void> {
  const problems = passwordProblems(c.password1);
  if (problems.length) throw ValidationError.field('password_1', ...problems);
  if (c.password1 !== c.password2) throw new CustomError(404, { detail: PEOPLE_MSG.passwordsDoNotMatch });
  const id = decodeUid(c.uid);
  const user = id === undefined ? undefined : await tokenState(em, id);
  if (!user || !checkResetToken(c.secret, user, c.token)) throw new CustomError(403, {});
  // Only if the password is still the one the token was made for: two uses of one link set it once.
  const updated = await execute<Array<{ id: number }>>(
    em,
    'update profile set password = ?, updated = now() where id = ? and password is not distinct from ? returning id',
    [await hashPassword(c.password1), user.id, user.password],
  );
  if (updated.length === 0) throw new CustomError(403, {});
}

/**
 * The one table of abuse protection (issue 7): which procedures get which rate limits and the
 * optional CAPTCHA, keyed by tRPC path so `/trpc` and `/api` calls are guarded alike. Every
 * procedure not named here gets only the general per-address limit. A test checks that each
 * key names a procedure of `appRouter` and that every public write is either here or listed
 * in `UNGUARDED_PUBLIC_WRITES` with its reason.
 */

export type LimitGroup = 'registration' | 'reset' | 'signup';

export interface GuardRule {
  group: LimitGroup;
  /** The account or e-mail the call is about, read from its raw input (before validation). */
  account: (input: Record<string, unknown>) => unknown;
  /** Ask for a CAPTCHA answer when `CAPTCHA_PROVIDER` is set. */
  captcha: boolean;
  /** Only failed calls count against the account. */
  countFailuresOnly: boolean;
}

const field = (name: string) => (input: Record<string, unknown>) => input[name];

/**
 * Password checks are not here: every one of them, on any path (token endpoints, browser login,
 * HTTP Basic), meets the `RATE_LIMIT_TOKEN_*` limits in auth/password-logins.ts, before hashing,
 * and fails closed when Redis is down. These rules fail open.
 */
export const GUARDED_PROCEDURES: Readonly<Record<string, GuardRule>> = {
  'account.registerUserprofile.create': { group: 'registration', account: field('email'), captcha: true, countFailuresOnly: false },
  'account.resetPasswordEmail.create': { group: 'reset', account: field('email'), captcha: true, countFailuresOnly: false },
  'account.resetPasswordConfirm.create': { group: 'reset', account: field('uid'), captcha: false, countFailuresOnly: true },
  'signups.signUpForEvent.create': { group: 'signup', account: field('email'), captcha: true, countFailuresOnly: false },
  'signups.volunteer.create': { group: 'signup', account: field('email'), captcha: true, countFailuresOnly: false },
  'signups.applyForMembership.create': { group: 'signup', account: field('email'), captcha: true, countFailuresOnly: false },
};

/** Public writes that need no rule of their own, and why. */
export const UNGUARDED_PUBLIC_WRITES: Readonly<Record<string, string>> = {
  'tokens.refresh': 'needs a signed refresh token; nothing to guess, so the general limit is enough',
  'tokens.obtain': 'a password check: limited by auth/password-logins.ts',
  'tokens.oauth': "a password or client-secret check: limited by auth/password-logins.ts",
  'auth.login': 'a password check: limited by auth/password-logins.ts',
};

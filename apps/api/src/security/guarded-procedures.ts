/**
 * The one table of abuse protection (issue 7): which procedures get which rate limits and the
 * optional CAPTCHA, keyed by tRPC path so `/trpc` and `/api` calls are guarded alike. Every
 * procedure not named here gets only the general per-address limit. A test checks that each
 * key names a procedure of `appRouter` and that every public write is either here or listed
 * in `UNGUARDED_PUBLIC_WRITES` with its reason.
 */

export type LimitGroup = 'token' | 'registration' | 'reset' | 'signup';

export interface GuardRule {
  group: LimitGroup;
  /** The account or e-mail the call is about, read from its raw input (before validation). */
  account: (input: Record<string, unknown>, basic: { user?: string }) => unknown;
  /** When Redis is down: refuse with 503 (credential endpoints) instead of letting the call through. */
  failClosed: boolean;
  /** Ask for a CAPTCHA answer when `CAPTCHA_PROVIDER` is set. */
  captcha: boolean;
  /** Only failed calls count against the account (a user who logs in often is not locked out). */
  countFailuresOnly: boolean;
}

const field = (name: string) => (input: Record<string, unknown>) => input[name];

export const GUARDED_PROCEDURES: Readonly<Record<string, GuardRule>> = {
  'tokens.obtain': { group: 'token', account: field('username'), failClosed: true, captcha: false, countFailuresOnly: true },
  'tokens.oauth': {
    group: 'token',
    // A password grant names a user; a client-credentials grant names its client (body or Basic).
    account: (input, basic) => input.username ?? input.client_id ?? basic.user,
    failClosed: true,
    captcha: false,
    countFailuresOnly: true,
  },
  'auth.login': { group: 'token', account: field('username'), failClosed: true, captcha: false, countFailuresOnly: true },
  'account.registerUserprofile.create': {
    group: 'registration',
    account: field('email'),
    failClosed: false,
    captcha: true,
    countFailuresOnly: false,
  },
  'account.resetPasswordEmail.create': { group: 'reset', account: field('email'), failClosed: false, captcha: true, countFailuresOnly: false },
  'account.resetPasswordConfirm.create': { group: 'reset', account: field('uid'), failClosed: false, captcha: false, countFailuresOnly: true },
  'signups.signUpForEvent.create': { group: 'signup', account: field('email'), failClosed: false, captcha: true, countFailuresOnly: false },
  'signups.volunteer.create': { group: 'signup', account: field('email'), failClosed: false, captcha: true, countFailuresOnly: false },
  'signups.applyForMembership.create': { group: 'signup', account: field('email'), failClosed: false, captcha: true, countFailuresOnly: false },
};

/** Public writes that need no rule of their own, and why. */
export const UNGUARDED_PUBLIC_WRITES: Readonly<Record<string, string>> = {
  'tokens.refresh': 'needs a signed refresh token; nothing to guess, so the general limit is enough',
};

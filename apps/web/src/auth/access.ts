import type { RouterOutputs } from '@klub/api/router';

export type Me = RouterOutputs['frontend']['whoami']['retrieve'];

/**
 * Who may use the back office. The admin procedures are superuser-only until unit-scoped staff
 * exist (issue 17 §1); the app only hides what the API would refuse anyway.
 */
export function canUseBackOffice(me: Me): boolean {
  return me.is_superuser;
}

export function displayName(me: Me): string {
  return [me.first_name, me.last_name].filter(Boolean).join(' ') || me.nickname || `#${me.id}`;
}

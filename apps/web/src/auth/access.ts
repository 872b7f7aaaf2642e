import type { RouterOutputs } from '@klub/api/router';

export type Me = RouterOutputs['frontend']['whoami']['retrieve'];

/**
 * Who may use the back office: staff with an admin role (issue 17 §1) — superusers, organisation
 * staff, and unit staff who administer at least one unit (with none they would see nothing).
 * The app only hides what the API would refuse anyway.
 */
export function canUseBackOffice(me: Me): boolean {
  if (me.admin_role === null) return false;
  return me.admin_role !== 'unit' || me.administered_units.length > 0;
}

export function displayName(me: Me): string {
  return [me.first_name, me.last_name].filter(Boolean).join(' ') || me.nickname || `#${me.id}`;
}

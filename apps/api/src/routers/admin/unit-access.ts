import { NotFound } from '@klub/domain';
import type { ActorUser } from '../../trpc/procedures.js';

/**
 * The one place that says which administrative units an admin caller may see the data of (tax
 * confirmations so far). Superusers, the only callers the admin procedures admit today, see
 * every unit: null. When unit-scoped staff arrive, this returns their units and every check
 * below follows.
 */
export function unitsVisibleTo(_user: ActorUser): number[] | null {
  return null;
}

/** A unit outside the caller's is answered as if it did not exist (404), never 403: no probing. */
export function assertUnitVisible(user: ActorUser, unitId: number): void {
  const units = unitsVisibleTo(user);
  if (units !== null && !units.includes(unitId)) throw new NotFound();
}

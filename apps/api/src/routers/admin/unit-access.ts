import { NotFound, ensureUnitAdministered, seesAllUnits, type StaffAccess } from '@klub/domain';

/**
 * The one place that says which administrative units an admin caller may see the data of (tax
 * confirmations so far): superusers and organisation staff every unit (null), unit staff their
 * administered units (admin/unit-scope.ts).
 */
export function unitsVisibleTo(access: StaffAccess): number[] | null {
  return seesAllUnits(access) ? null : [...access.unitIds];
}

/** Reading a unit outside the caller's is answered as if it did not exist (404), never 403: no probing. */
export function assertUnitVisible(access: StaffAccess, unitId: number): void {
  const units = unitsVisibleTo(access);
  if (units !== null && !units.includes(unitId)) throw new NotFound();
}

/** Work addressed to a unit (generate, send, a template change) outside the caller's units: 403. */
export function assertUnitAdministered(access: StaffAccess, unitId: number): void {
  ensureUnitAdministered(access, unitId);
}

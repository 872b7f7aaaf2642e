import { canAdministerPerson, NotFound, type StaffAccess } from '@klub/domain';
import type { Context } from '../../trpc/context.js';

/**
 * The one question every data-protection procedure asks first: may this admin caller act on
 * (read, export, erase) this person? `canAdministerPerson` answers it by the caller's role and
 * units (superusers and organisation staff: everyone; unit staff: the people of their units).
 * 404 both when there is no such profile and when it belongs to other units, so another unit's
 * person's existence is not revealed.
 */
export async function assertMayActOnPerson(ctx: Pick<Context, 'em'> & { access: StaffAccess }, profileId: number): Promise<void> {
  if (!(await canAdministerPerson(ctx.em, ctx.access, profileId))) throw new NotFound();
}

import { execute, NotFound, PermissionDenied } from '@klub/domain';
import type { Context } from '../../trpc/context.js';
import type { ActorUser } from '../../trpc/procedures.js';

/**
 * The one question every data-protection procedure asks first: may this admin caller act on
 * (read, export, erase) this person? 404 when there is no such profile. Today the admin API is
 * for superusers only, which the procedure builder already enforces; unit-scoped staff (issue
 * 17 §1) will answer it by the person's units, here, without touching the procedures.
 */
export async function assertMayActOnPerson(ctx: Pick<Context, 'em'> & { user: ActorUser }, profileId: number): Promise<void> {
  const [row] = await execute<Array<{ id: number }>>(ctx.em, 'select id from profile where id = ?', [profileId]);
  if (!row) throw new NotFound();
  if (!ctx.user.isSuperuser) throw new PermissionDenied();
}

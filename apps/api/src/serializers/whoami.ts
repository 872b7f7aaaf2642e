import type { EntityManager } from '@mikro-orm/postgresql';
import type { TWhoami } from '@klub/contracts';
import { Profile } from '@klub/db';
import { NotFound, isEventOrganizer, staffAccessOf } from '@klub/domain';

/** The whoami body (api.md §7.1) of a profile, roles included, and its admin role (issue 17 §1). */
export async function whoamiOf(em: EntityManager, profileId: number): Promise<TWhoami> {
  const profile = await em.findOne(Profile, profileId, { populate: ['roles'] });
  if (!profile) throw new NotFound();
  const access = await staffAccessOf(em, profileId);
  return {
    id: profile.id,
    first_name: profile.firstName,
    last_name: profile.lastName,
    nickname: profile.nickname,
    is_staff: profile.isStaff,
    is_superuser: profile.isSuperuser,
    is_event_organizer: isEventOrganizer({
      id: profile.id,
      isSuperuser: profile.isSuperuser,
      isActive: profile.isActive,
      roles: profile.roles.getItems().map((r) => r.role),
    }),
    admin_role: access?.role ?? null,
    administered_units: [...(access?.unitIds ?? [])],
  };
}

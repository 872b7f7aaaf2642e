import { a, defineAdminResource } from './define.js';

/** `/api/admin/organization-team/`: who organises which event in which position (domain.md §4.5). */
export const adminOrganizationTeam = defineAdminResource(
  'organization-team',
  'OrganizationTeamMember',
  {
    id: a.id(),
    event: a.fk('Event id'),
    profile: a.fk('Profile id of the organiser'),
    position: a.fk('Organization position id'),
  },
  { filters: { event: 'pk', profile: 'pk', position: 'pk' }, ordering: ['id', 'event', 'profile'] },
);

import { a, defineAdminResource } from './define.js';

/** `/api/admin/organization-positions/` (domain.md §4.4). */
export const adminOrganizationPositions = defineAdminResource(
  'organization-positions',
  'OrganizationPosition',
  {
    id: a.id(),
    name: a.text('Name, e.g. "Event creator"', { max: 300 }),
    description: a.text('Description', { blank: true }),
  },
  { ordering: ['id', 'name'], search: 'name' },
);

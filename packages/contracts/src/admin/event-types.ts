import { a, defineAdminResource } from './define.js';

/** `/api/admin/event-types/` (domain.md §4.3). */
export const adminEventTypes = defineAdminResource(
  'event-types',
  'EventType',
  {
    id: a.id(),
    name: a.text('Name', { max: 100 }),
    slug: a.text('Unique slug (e.g. `tabor`); generated from the name when blank', { max: 100, blank: true }),
    description: a.text('Description', { blank: true }),
    administrative_unit: a.fk('Id of the owning administrative unit'),
  },
  { filters: { administrative_unit: 'pk' }, ordering: ['id', 'name', 'slug'], search: 'name, slug' },
);

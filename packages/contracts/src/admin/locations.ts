import { a, defineAdminResource } from './define.js';

/** `/api/admin/locations/` (domain.md §4.2). */
export const adminLocations = defineAdminResource(
  'locations',
  'Location',
  {
    id: a.id(),
    name: a.text('Name of the place', { max: 100 }),
    place: a.text('Address or description of the place', { max: 100, blank: true }),
    region: a.text('Region', { max: 100, blank: true }),
    gps_latitude: a.float('GPS latitude', { nullable: true }),
    gps_longitude: a.float('GPS longitude', { nullable: true }),
    specific_name: a.text('Specific name', { max: 255, nullable: true }),
  },
  { ordering: ['id', 'name', 'region'], search: 'name, place, region' },
);

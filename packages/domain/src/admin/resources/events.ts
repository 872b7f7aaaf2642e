import { adminEvents } from '@klub/contracts';
import { Event } from '@klub/db';
import { defineAdminEntity } from '../resource.js';
import { reach } from '../unit-scope.js';
import { checkPrograms } from './programs.js';

/** Events: slug generated from the name (domain.md §8), program from the deployment's list. */
export const eventsAdmin = defineAdminEntity({
  schemas: adminEvents,
  entity: Event,
  label: 'event',
  units: reach.members('event_administrative_units', 'event_id'),
  search: ['name', 'slug', 'description'],
  slugs: { slug: 'name' },
  // Team rows and unit links belong to the event; channels, payments and Darujme accounts do not.
  owns: ['organization_team', 'event_administrative_units'],
  validate: ({ input, ctx }) => {
    if (typeof input.program === 'string') checkPrograms('program', [input.program], ctx.programTypes, true);
  },
});

import { defineEntity, p, type EntitySchema, type InferEntity } from '@mikro-orm/core';
import { Event } from './Event.js';
import { OrganizationPosition } from './OrganizationPosition.js';
import { Profile } from './Profile.js';

/** A profile "organizes" an event iff it has at least one row here (domain.md §4.5). */
const OrganizationTeamSchema = defineEntity({
  name: 'OrganizationTeam',
  tableName: 'organization_team',
  uniques: [{ properties: ['event', 'profile', 'position'] }],
  indexes: [{ properties: ['profile', 'event'] }],
  properties: {
    id: p.integer().primary(),
    profile: () => p.manyToOne(Profile).ref().deleteRule('cascade'),
    event: () => p.manyToOne(Event).ref().deleteRule('cascade'),
    position: () => p.manyToOne(OrganizationPosition).ref().deleteRule('cascade'),
  },
});

export interface OrganizationTeam extends InferEntity<typeof OrganizationTeamSchema> {}
export const OrganizationTeam: EntitySchema<OrganizationTeam, never> = OrganizationTeamSchema;

import { defineEntity, p, type EntitySchema, type InferEntity } from '@mikro-orm/core';

const OrganizationPositionSchema = defineEntity({
  name: 'OrganizationPosition',
  tableName: 'organization_position',
  properties: {
    id: p.integer().primary(),
    name: p.string().length(300),
    description: p.text().default(''),
  },
});

export interface OrganizationPosition extends InferEntity<typeof OrganizationPositionSchema> {}
export const OrganizationPosition: EntitySchema<OrganizationPosition, never> = OrganizationPositionSchema;

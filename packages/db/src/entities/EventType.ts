import { defineEntity, p, type EntitySchema, type InferEntity } from '@mikro-orm/core';
import { AdministrativeUnit } from './AdministrativeUnit.js';

const EventTypeSchema = defineEntity({
  name: 'EventType',
  tableName: 'event_type',
  properties: {
    id: p.integer().primary(),
    name: p.string().length(100),
    /** E.g. `tabor` (camp), which the public event filters look for. */
    slug: p.string().length(100).unique(),
    description: p.text().default(''),
    /** Also the unit of attendance/registration interactions created through the front-end API. */
    administrativeUnit: () => p.manyToOne(AdministrativeUnit).ref().deleteRule('cascade'),
  },
});

export interface EventType extends InferEntity<typeof EventTypeSchema> {}
export const EventType: EntitySchema<EventType, never> = EventTypeSchema;

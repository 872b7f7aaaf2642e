import { defineEntity, p, type EntitySchema, type InferEntity } from '@mikro-orm/core';

const LocationSchema = defineEntity({
  name: 'Location',
  tableName: 'location',
  properties: {
    id: p.integer().primary(),
    name: p.string().length(100),
    place: p.string().length(100).default(''),
    region: p.string().length(100).default(''),
    gpsLatitude: p.double().$type<number>().runtimeType('number').nullable(),
    gpsLongitude: p.double().$type<number>().runtimeType('number').nullable(),
    specificName: p.string().length(255).nullable(),
  },
});

export interface Location extends InferEntity<typeof LocationSchema> {}
export const Location: EntitySchema<Location, never> = LocationSchema;

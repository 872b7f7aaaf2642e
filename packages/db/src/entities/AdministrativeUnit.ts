import { defineEntity, p, type EntitySchema, type InferEntity } from '@mikro-orm/core';
import { AU_LEVEL } from '@klub/contracts';
import { Profile } from './Profile.js';

const AdministrativeUnitSchema = defineEntity({
  name: 'AdministrativeUnit',
  tableName: 'administrative_unit',
  properties: {
    id: p.integer().primary(),
    name: p.string().length(255),
    street: p.string().length(128).default(''),
    city: p.string().length(40).default(''),
    zipCode: p.string().length(30).default(''),
    gpsLatitude: p.double().$type<number>().runtimeType('number').nullable(),
    gpsLongitude: p.double().$type<number>().runtimeType('number').nullable(),
    webUrl: p.string().length(200).nullable(),
    ico: p.string().length(254).nullable(),
    level: p.enum([...AU_LEVEL]).default('club'),
    fromEmailAddress: p.string().length(254).default('example@nothing_will_sent.ex'),
    fromEmailStr: p.string().length(255).default('Example <example@nothing_will_sent.ex>'),
    telephone: p.string().length(100).default(''),
    color: p.string().length(18).default('#000000'),
    slug: p.string().length(100).nullable().unique(),
    // The original cascades here, which would delete a unit with its president (domain.md §1.1).
    president: () => p.manyToOne(Profile).ref().nullable().deleteRule('set null'),
    presidentSince: p.date().nullable(),
    vicePresident: () => p.manyToOne(Profile).ref().nullable().deleteRule('set null'),
    vicePresidentSince: p.date().nullable(),
    manager: () => p.manyToOne(Profile).ref().nullable().deleteRule('set null'),
    managerSince: p.date().nullable(),
  },
});

export interface AdministrativeUnit extends InferEntity<typeof AdministrativeUnitSchema> {}
export const AdministrativeUnit: EntitySchema<AdministrativeUnit, never> = AdministrativeUnitSchema;

import { defineEntity, p, type EntitySchema, type InferEntity } from '@mikro-orm/core';
import type { TPeopleImportMapping } from '@klub/contracts';
import { AdministrativeUnit } from './AdministrativeUnit.js';

/** The column mapping a unit used last (issue 17 §3): the default of its next import. */
const PersonImportMappingSchema = defineEntity({
  name: 'PersonImportMapping',
  tableName: 'person_import_mapping',
  properties: {
    administrativeUnit: () => p.manyToOne(AdministrativeUnit).ref().primary().deleteRule('cascade'),
    mapping: p.json<TPeopleImportMapping>(),
    updated: p.datetime().defaultRaw('now()').onCreate(() => new Date()).onUpdate(() => new Date()),
  },
});

export interface PersonImportMapping extends InferEntity<typeof PersonImportMappingSchema> {}
export const PersonImportMapping: EntitySchema<PersonImportMapping, never> = PersonImportMappingSchema;

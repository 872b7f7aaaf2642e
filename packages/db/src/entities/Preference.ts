import { defineEntity, p, type EntitySchema, type InferEntity } from '@mikro-orm/core';
import { AdministrativeUnit } from './AdministrativeUnit.js';
import { Profile } from './Profile.js';

/** Per (profile, unit) communication consents; one row per unit the profile belongs to. */
const PreferenceSchema = defineEntity({
  name: 'Preference',
  tableName: 'preference',
  uniques: [{ properties: ['user', 'administrativeUnit'] }],
  properties: {
    id: p.integer().primary(),
    user: () => p.manyToOne(Profile).ref().deleteRule('cascade'),
    administrativeUnit: () => p.manyToOne(AdministrativeUnit).ref().deleteRule('cascade'),
    newsletterOn: p.boolean().nullable().default(false),
    callOn: p.boolean().nullable().default(false),
    challengeOn: p.boolean().nullable().default(false),
    letterOn: p.boolean().nullable().default(false),
    sendMailingLists: p.boolean().nullable().default(true),
    public: p.boolean().nullable().default(true),
  },
});

export interface Preference extends InferEntity<typeof PreferenceSchema> {}
export const Preference: EntitySchema<Preference, never> = PreferenceSchema;

import { defineEntity, p, type EntitySchema, type InferEntity } from '@mikro-orm/core';
import { Profile } from './Profile.js';

const TelephoneSchema = defineEntity({
  name: 'Telephone',
  tableName: 'telephone',
  checks: [{ name: 'telephone_is_primary_check', expression: 'is_primary is null or is_primary' }],
  uniques: [
    // The API finds-or-creates a (number, user) row; the same number twice on one user is a bug.
    { name: 'telephone_user_id_telephone_unique', properties: ['user', 'telephone'] },
    {
      name: 'telephone_user_id_primary_unique',
      expression: 'create unique index "telephone_user_id_primary_unique" on "telephone" ("user_id") where is_primary',
    },
  ],
  properties: {
    id: p.integer().primary(),
    telephone: p.string().length(100).default(''),
    /** TRUE = primary, NULL = not primary; never FALSE. */
    isPrimary: p.boolean().nullable(),
    note: p.string().length(70).default(''),
    user: () => p.manyToOne(Profile).ref().deleteRule('cascade'),
  },
});

export interface Telephone extends InferEntity<typeof TelephoneSchema> {}
export const Telephone: EntitySchema<Telephone, never> = TelephoneSchema;

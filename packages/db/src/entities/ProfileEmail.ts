import { defineEntity, p, type EntitySchema, type InferEntity } from '@mikro-orm/core';
import { Profile } from './Profile.js';

/** E-mail is the identity key of every get-or-create endpoint; it is compared lower-cased. */
const ProfileEmailSchema = defineEntity({
  name: 'ProfileEmail',
  tableName: 'profile_email',
  checks: [{ name: 'profile_email_is_primary_check', expression: 'is_primary is null or is_primary' }],
  uniques: [
    {
      name: 'profile_email_email_lower_unique',
      expression: 'create unique index "profile_email_email_lower_unique" on "profile_email" (lower(email))',
    },
    {
      name: 'profile_email_user_id_primary_unique',
      expression:
        'create unique index "profile_email_user_id_primary_unique" on "profile_email" ("user_id") where is_primary',
    },
  ],
  properties: {
    id: p.integer().primary(),
    email: p.string().length(254).index(),
    /** TRUE = primary, NULL = not primary; never FALSE (so that the partial unique index holds). */
    isPrimary: p.boolean().nullable(),
    note: p.string().length(70).nullable(),
    user: () => p.manyToOne(Profile).ref().nullable().deleteRule('cascade').index(),
  },
});

export interface ProfileEmail extends InferEntity<typeof ProfileEmailSchema> {}
export const ProfileEmail: EntitySchema<ProfileEmail, never> = ProfileEmailSchema;

import { defineEntity, p, type EntitySchema, type InferEntity } from '@mikro-orm/core';
import { PROFILE_ROLE } from '@klub/contracts';
import { Profile } from './Profile.js';

/** Replaces Django's groups and permissions (domain.md §2.7). */
const ProfileRoleSchema = defineEntity({
  name: 'ProfileRole',
  tableName: 'profile_role',
  uniques: [{ properties: ['profile', 'role'] }],
  properties: {
    id: p.integer().primary(),
    profile: () => p.manyToOne(Profile).ref().deleteRule('cascade'),
    role: p.enum([...PROFILE_ROLE]),
  },
});

export interface ProfileRole extends InferEntity<typeof ProfileRoleSchema> {}
export const ProfileRole: EntitySchema<ProfileRole, never> = ProfileRoleSchema;

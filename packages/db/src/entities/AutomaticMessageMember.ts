import { defineEntity, p, type EntitySchema, type InferEntity } from '@mikro-orm/core';
import { AutomaticMessage } from './AutomaticMessage.js';
import { Profile } from './Profile.js';

/**
 * The members of a segment message's segment at its last evaluation: a person who was not
 * among them and is now has entered the segment (an occurrence of an `each` message).
 */
const AutomaticMessageMemberSchema = defineEntity({
  name: 'AutomaticMessageMember',
  tableName: 'automatic_message_member',
  properties: {
    automaticMessage: () => p.manyToOne(AutomaticMessage).ref().primary().deleteRule('cascade'),
    profile: () => p.manyToOne(Profile).ref().primary().deleteRule('cascade'),
  },
});

export interface AutomaticMessageMember extends InferEntity<typeof AutomaticMessageMemberSchema> {}
export const AutomaticMessageMember: EntitySchema<AutomaticMessageMember, never> = AutomaticMessageMemberSchema;

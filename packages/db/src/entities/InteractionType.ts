import { defineEntity, p, type EntitySchema, type InferEntity } from '@mikro-orm/core';
import { InteractionCategory } from './InteractionCategory.js';

const InteractionTypeSchema = defineEntity({
  name: 'InteractionType',
  tableName: 'interaction_type',
  properties: {
    id: p.integer().primary(),
    /** Also the `subject` of interactions created automatically. */
    name: p.string().length(130),
    category: () => p.manyToOne(InteractionCategory).ref().deleteRule('cascade'),
    /** Unique here (not in the original): the API addresses types by slug. */
    slug: p.string().length(100).nullable().unique(),
    sendEmail: p.boolean().nullable().default(false),
    sendSms: p.boolean().nullable().default(false),
    /** Replaces the original's 19 `<field>_bool` admin flags: names of the visible interaction fields. */
    visibleFields: p.array().default([]),
  },
});

export interface InteractionType extends InferEntity<typeof InteractionTypeSchema> {}
export const InteractionType: EntitySchema<InteractionType, never> = InteractionTypeSchema;

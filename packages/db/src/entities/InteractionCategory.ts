import { defineEntity, p, type EntitySchema, type InferEntity } from '@mikro-orm/core';
import { InteractionType } from './InteractionType.js';

const InteractionCategorySchema = defineEntity({
  name: 'InteractionCategory',
  tableName: 'interaction_category',
  properties: {
    id: p.integer().primary(),
    category: p.string().length(130),
    display: p.boolean().default(true),
    /** Unique here (not in the original): code looks categories up by slug. */
    slug: p.string().length(130).nullable().unique(),
    types: () => p.oneToMany(InteractionType).mappedBy('category'),
  },
});

export interface InteractionCategory extends InferEntity<typeof InteractionCategorySchema> {}
export const InteractionCategory: EntitySchema<InteractionCategory, never> = InteractionCategorySchema;

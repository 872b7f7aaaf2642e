import { defineEntity, p, type EntitySchema, type InferEntity } from '@mikro-orm/core';

const InteractionResultSchema = defineEntity({
  name: 'InteractionResult',
  tableName: 'interaction_result',
  properties: {
    id: p.integer().primary(),
    name: p.string().length(200),
    /** RESULT_SORT values, but the original's default `individual` is none of them: plain text. */
    sort: p.string().length(30).default('individual'),
  },
});

export interface InteractionResult extends InferEntity<typeof InteractionResultSchema> {}
export const InteractionResult: EntitySchema<InteractionResult, never> = InteractionResultSchema;

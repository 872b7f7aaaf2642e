import { defineEntity, p, type EntitySchema, type InferEntity } from '@mikro-orm/core';

/** The row named `Unknown` is the default status of new interactions (seeded by ensureBuiltinRows). */
const InteractionStatusSchema = defineEntity({
  name: 'InteractionStatus',
  tableName: 'interaction_status',
  properties: {
    id: p.integer().primary(),
    status: p.string().length(180),
  },
});

export interface InteractionStatus extends InferEntity<typeof InteractionStatusSchema> {}
export const InteractionStatus: EntitySchema<InteractionStatus, never> = InteractionStatusSchema;

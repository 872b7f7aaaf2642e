import { defineEntity, p, type EntitySchema, type InferEntity } from '@mikro-orm/core';
import { TaxConfirmation } from './TaxConfirmation.js';

/** An earlier file of a tax confirmation, kept when a regeneration replaced it. */
const TaxConfirmationFileSchema = defineEntity({
  name: 'TaxConfirmationFile',
  tableName: 'tax_confirmation_file',
  properties: {
    id: p.integer().primary(),
    taxConfirmation: () => p.manyToOne(TaxConfirmation).ref().deleteRule('cascade').index(),
    file: p.string().length(100),
    amount: p.integer(),
    generatedAt: p.datetime().nullable(),
    replacedAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
  },
});

export interface TaxConfirmationFile extends InferEntity<typeof TaxConfirmationFileSchema> {}
export const TaxConfirmationFile: EntitySchema<TaxConfirmationFile, never> = TaxConfirmationFileSchema;

import { defineEntity, p, type EntitySchema, type InferEntity } from '@mikro-orm/core';
import { AdministrativeUnit } from './AdministrativeUnit.js';

/**
 * A unit's "potvrzení o daru" layout (issue 20): who issues it and the text with variables
 * (`{name}`, `{address}`, `{birth_date}`, `{ico}`, `{amount}`, `{amount_words}`, `{year}`,
 * `{date}`). Empty issuer fields fall back to the unit's own name, address and IČO; images are
 * storage keys (`@klub/storage`). One per unit.
 */
const TaxConfirmationTemplateSchema = defineEntity({
  name: 'TaxConfirmationTemplate',
  tableName: 'tax_confirmation_template',
  properties: {
    id: p.integer().primary(),
    administrativeUnit: () => p.manyToOne(AdministrativeUnit).ref().deleteRule('cascade').unique(),
    issuerName: p.string().length(255).default(''),
    issuerAddress: p.string().length(255).default(''),
    issuerIco: p.string().length(20).default(''),
    /** Where it is signed ("V Praze dne …"). */
    place: p.string().length(100).default(''),
    /** Name and role under the signature. */
    signatory: p.string().length(255).default(''),
    logo: p.string().length(100).nullable(),
    signature: p.string().length(100).nullable(),
    textCs: p.text(),
    textEn: p.text().nullable(),
    updated: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});

export interface TaxConfirmationTemplate extends InferEntity<typeof TaxConfirmationTemplateSchema> {}
export const TaxConfirmationTemplate: EntitySchema<TaxConfirmationTemplate, never> = TaxConfirmationTemplateSchema;

import { defineEntity, p, type EntitySchema, type InferEntity } from '@mikro-orm/core';

const CompanyTypeSchema = defineEntity({
  name: 'CompanyType',
  tableName: 'company_type',
  properties: {
    id: p.integer().primary(),
    type: p.string().length(255),
  },
});

export interface CompanyType extends InferEntity<typeof CompanyTypeSchema> {}
export const CompanyType: EntitySchema<CompanyType, never> = CompanyTypeSchema;

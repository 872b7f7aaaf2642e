import { defineEntity, p, type EntitySchema, type InferEntity } from '@mikro-orm/core';
import { AdministrativeUnit } from './AdministrativeUnit.js';
import { Profile } from './Profile.js';

const CompanyContactSchema = defineEntity({
  name: 'CompanyContact',
  tableName: 'company_contact',
  checks: [{ name: 'company_contact_is_primary_check', expression: 'is_primary is null or is_primary' }],
  uniques: [
    {
      name: 'company_contact_company_unit_primary_unique',
      expression:
        'create unique index "company_contact_company_unit_primary_unique" on "company_contact" ("company_id", "administrative_unit_id") where is_primary',
    },
  ],
  indexes: [{ properties: ['email'] }],
  properties: {
    id: p.integer().primary(),
    contactFirstName: p.string().length(256).default(''),
    contactLastName: p.string().length(256).default(''),
    email: p.string().length(254).nullable(),
    telephone: p.string().length(100).default(''),
    /** TRUE = primary, NULL = not primary; never FALSE. */
    isPrimary: p.boolean().nullable(),
    note: p.string().length(70).default(''),
    company: () => p.manyToOne(Profile).ref().nullable().deleteRule('cascade'),
    administrativeUnit: () => p.manyToOne(AdministrativeUnit).ref().deleteRule('cascade'),
  },
});

export interface CompanyContact extends InferEntity<typeof CompanyContactSchema> {}
export const CompanyContact: EntitySchema<CompanyContact, never> = CompanyContactSchema;

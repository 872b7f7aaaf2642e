import { defineEntity, p, type EntitySchema, type InferEntity } from '@mikro-orm/core';
import { AdministrativeUnit } from './AdministrativeUnit.js';
import { Profile } from './Profile.js';

const PdfStorageSchema = defineEntity({
  name: 'PdfStorage',
  tableName: 'pdf_storage',
  properties: {
    id: p.integer().primary(),
    name: p.string().length(200),
    topic: p.string().length(200),
    author: () => p.manyToOne(Profile).ref().nullable().deleteRule('set null'),
    created: p
      .datetime()
      .nullable()
      .onCreate(() => new Date()),
    /** Arbitrary external ids (e.g. article ids); the list endpoint filters with `@>`. */
    relatedIds: p
      .array<number>(
        (i) => Number(i),
        (i) => String(i),
      )
      .columnType('int[]')
      .default([]),
    pdfFile: p.string().length(100),
    administrativeUnit: () => p.manyToOne(AdministrativeUnit).ref().deleteRule('cascade'),
  },
});

export interface PdfStorage extends InferEntity<typeof PdfStorageSchema> {}
export const PdfStorage: EntitySchema<PdfStorage, never> = PdfStorageSchema;

import { defineEntity, p, type EntitySchema, type InferEntity } from '@mikro-orm/core';
import { PEOPLE_IMPORT_OUTCOMES } from '@klub/contracts';
import { PersonImport } from './PersonImport.js';

/**
 * The staging table of a people import (issue 17 §3): one row per file row, already mapped and
 * checked for format, so the dry run and the job compare whole sets with SQL. `applied` marks
 * what the job has done, which makes it resumable and, with `row_key`, idempotent.
 */
const PersonImportRowSchema = defineEntity({
  name: 'PersonImportRow',
  tableName: 'person_import_row',
  uniques: [{ properties: ['personImport', 'rowNo'] }],
  indexes: [{ properties: ['rowKey'] }],
  properties: {
    id: p.integer().primary(),
    personImport: () => p.manyToOne(PersonImport).ref().deleteRule('cascade'),
    /** The file's line (the header is line 1). */
    rowNo: p.integer(),
    /** SHA-256 of the row's mapped values. */
    rowKey: p.string().length(64),
    email: p.text().default(''),
    firstName: p.text().default(''),
    lastName: p.text().default(''),
    telephone: p.text().default(''),
    street: p.text().default(''),
    city: p.text().default(''),
    zipCode: p.text().default(''),
    ageGroup: p.integer().nullable(),
    birthMonth: p.integer().nullable(),
    birthDay: p.integer().nullable(),
    language: p.string().length(2).nullable(),
    sex: p.string().length(10).nullable(),
    note: p.text().default(''),
    vs: p.string().length(30).nullable(),
    regularAmount: p.integer().nullable(),
    regularFrequency: p.string().length(20).nullable(),
    /** As written in the file (slug or id); resolved into `money_account_id` by the dry run. */
    moneyAccount: p.text().nullable(),
    event: p.text().nullable(),
    wantsChannel: p.boolean().default(false),
    moneyAccountId: p.integer().nullable(),
    eventId: p.integer().nullable(),
    /** Format errors found while reading, then the dry run's: `[{field, message}]`. */
    parseErrors: p.json<Array<{ field: string; message: string }>>().defaultRaw(`'[]'`),
    reasons: p.json<Array<{ field: string; message: string }>>().defaultRaw(`'[]'`),
    outcome: p.enum([...PEOPLE_IMPORT_OUTCOMES]).nullable(),
    fills: p.json<string[]>().defaultRaw(`'[]'`),
    channel: p.string().length(10).nullable(),
    profileId: p.integer().nullable(),
    channelId: p.integer().nullable(),
    applied: p.boolean().default(false),
  },
});

export interface PersonImportRow extends InferEntity<typeof PersonImportRowSchema> {}
export const PersonImportRow: EntitySchema<PersonImportRow, never> = PersonImportRowSchema;

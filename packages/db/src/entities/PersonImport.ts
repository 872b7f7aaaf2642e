import { defineEntity, p, type EntitySchema, type InferEntity } from '@mikro-orm/core';
import { PEOPLE_IMPORT_FORMATS, PEOPLE_IMPORT_STATUS, type TPeopleImportMapping } from '@klub/contracts';
import { AdministrativeUnit } from './AdministrativeUnit.js';
import { Profile } from './Profile.js';

/**
 * A bulk import of people (issue 17 §3): the uploaded file, its mapping, and the job's status
 * row (progress and counts, read by the API and the CLI while the worker runs).
 */
const PersonImportSchema = defineEntity({
  name: 'PersonImport',
  tableName: 'person_import',
  properties: {
    id: p.integer().primary(),
    // Bookkeeping only: an import goes with its unit.
    administrativeUnit: () => p.manyToOne(AdministrativeUnit).ref().deleteRule('cascade'),
    createdBy: () => p.manyToOne(Profile).ref().nullable().deleteRule('set null'),
    fileKey: p.string().length(100),
    fileName: p.string().length(255),
    /** SHA-256 of the file: with a row's key, what makes a second import of the same file a no-op. */
    fileHash: p.string().length(64).index(),
    format: p.enum([...PEOPLE_IMPORT_FORMATS]),
    encoding: p.string().length(20).nullable(),
    delimiter: p.string().length(1).nullable(),
    headers: p.json<string[]>(),
    mapping: p.json<TPeopleImportMapping>().nullable(),
    status: p.enum([...PEOPLE_IMPORT_STATUS]).default('uploaded'),
    rowsTotal: p.integer().default(0),
    rowsDone: p.integer().default(0),
    progress: p.integer().default(0),
    /** Rows per outcome (`create`, `update`, …): of the dry run, then of what the job did. */
    counts: p.json<Record<string, number>>().defaultRaw(`'{}'`),
    channelsCreated: p.integer().default(0),
    error: p.text().nullable(),
    created: p.datetime().defaultRaw('now()').onCreate(() => new Date()),
    started: p.datetime().nullable(),
    finished: p.datetime().nullable(),
  },
});

export interface PersonImport extends InferEntity<typeof PersonImportSchema> {}
export const PersonImport: EntitySchema<PersonImport, never> = PersonImportSchema;

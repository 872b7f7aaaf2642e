import { z } from 'zod';
import { field } from '../fields.js';
import { ZPageQuery } from '../pagination.js';

/**
 * Bulk import of people and their regular donations (issue 17 §3): a CSV or XLSX file is
 * uploaded, its columns are mapped to the fields below, a dry run says per row what would
 * happen, then the worker job `imports.people` applies it.
 */

/** Largest file `POST /api/admin/people-imports/` takes. */
export const PEOPLE_IMPORT_MAX_BYTES = 20_000_000;

/** What a file column can be mapped to. */
export const PEOPLE_IMPORT_FIELDS = [
  'email',
  'first_name',
  'last_name',
  'telephone',
  'street',
  'city',
  'zip_code',
  'birth_date',
  'language',
  'sex',
  'note',
  'vs',
  'regular_amount',
  'regular_frequency',
  'money_account',
  'event',
] as const;
export type PeopleImportField = (typeof PEOPLE_IMPORT_FIELDS)[number];

/** The fields that describe a regular donation; any of them given asks for a donor payment channel. */
export const PEOPLE_IMPORT_DONATION_FIELDS = ['vs', 'regular_amount', 'regular_frequency', 'money_account', 'event'] as const;

export const PEOPLE_IMPORT_STATUS = ['uploaded', 'staged', 'queued', 'running', 'done', 'failed'] as const;
export type PeopleImportStatus = (typeof PEOPLE_IMPORT_STATUS)[number];

/** What a row does: a new person, fills a found one, finds one with nothing to add, is refused, or was imported from the same file before. */
export const PEOPLE_IMPORT_OUTCOMES = ['create', 'update', 'unchanged', 'refuse', 'skip'] as const;
export type PeopleImportOutcome = (typeof PEOPLE_IMPORT_OUTCOMES)[number];

export const PEOPLE_IMPORT_FORMATS = ['csv', 'xlsx'] as const;
export type PeopleImportFormat = (typeof PEOPLE_IMPORT_FORMATS)[number];

const ZField = z.enum(PEOPLE_IMPORT_FIELDS);

export const ZPeopleImportMapping = z
  .object({
    columns: z
      .partialRecord(ZField, z.string().min(1))
      .describe('Field → the header of the file column that holds it, e.g. `{"email": "E-mail", "first_name": "Jméno"}`'),
    defaults: z
      .partialRecord(ZField, z.string())
      .default({})
      .describe('Field → a value used where the row has none, e.g. `{"money_account": "main-account", "event": "membership"}`'),
  })
  .meta({ id: 'PeopleImportMapping' });
export type TPeopleImportMapping = z.output<typeof ZPeopleImportMapping>;

export const ZPeopleImportUploadInput = z.object({
  file: field.file({ description: 'The CSV (UTF-8 or windows-1250, `;` or `,`) or XLSX file; the first row holds the headers', maxBytes: PEOPLE_IMPORT_MAX_BYTES }),
  administrative_unit: field.pk({ description: 'The unit the people join (membership and preference)' }),
});

export const ZPeopleImportIdInput = z.object({ id: field.pk({ description: 'Import id' }) });

export const ZPeopleImportMappingInput = ZPeopleImportIdInput.extend(ZPeopleImportMapping.shape);

/** What each outcome means, for a row. */
const OUTCOME_TEXT: Record<PeopleImportOutcome, string> = {
  create: 'a new person is created',
  update: 'a person found by the e-mail address gets what the row adds (see its `fills`)',
  unchanged: 'a person is found by the e-mail address and the row adds nothing',
  refuse: 'the row is refused (see its `reasons`) and not imported',
  skip: 'an earlier import of the same file (same SHA-256) already applied the row',
};
const OUTCOME_ROWS: Record<PeopleImportOutcome, string> = {
  create: 'Rows that create a new person',
  update: 'Rows that add to a person found by the e-mail address',
  unchanged: 'Rows whose person is found and gets nothing new',
  refuse: 'Rows refused (not imported)',
  skip: 'Rows an earlier import of the same file already applied',
};

export const ZPeopleImportCounts = z
  .object(
    Object.fromEntries(PEOPLE_IMPORT_OUTCOMES.map((o) => [o, z.number().int().describe(OUTCOME_ROWS[o])])) as Record<
      PeopleImportOutcome,
      z.ZodNumber
    >,
  )
  .meta({ id: 'PeopleImportCounts', description: 'Rows per outcome' });

export const ZPeopleImport = z
  .object({
    id: z.number().int().describe('Import id'),
    administrative_unit: z.number().int().describe('Id of the unit the people join (membership and preference)'),
    file_name: z.string().describe('Name of the uploaded file'),
    file_hash: z.string().describe('SHA-256 of the file: the same file imported again creates nothing'),
    format: z.enum(PEOPLE_IMPORT_FORMATS).describe('`csv` or `xlsx`, from the file’s content'),
    encoding: z.string().nullable().describe('`utf-8` or `windows-1250` (CSV only)'),
    delimiter: z.string().nullable().describe('`;`, `,` or a tab (CSV only)'),
    headers: z.array(z.string()).describe('The headers of the file, in order'),
    mapping: ZPeopleImportMapping.nullable().describe("The mapping in use: set by PUT mapping, else the unit's saved one, else guessed from the headers"),
    status: z.enum(PEOPLE_IMPORT_STATUS).describe('`uploaded` → `staged` (dry run done) → `queued` → `running` → `done` / `failed`'),
    rows_total: z.number().int().describe('Rows of the file that hold data (the header and blank rows not counted); 0 until the dry run'),
    rows_done: z.number().int().describe('Rows the job has applied so far'),
    progress: z.number().int().describe('0–100'),
    counts: ZPeopleImportCounts.describe('Rows per outcome of the dry run; after the import, what was done'),
    channels_created: z.number().int().describe('Donor payment channels created by the import'),
    error: z.string().nullable().describe('Why the last run of the job failed (status `failed`); null otherwise'),
    created: z.string().describe('When the file was uploaded (ISO 8601, UTC)'),
    started: z.string().nullable().describe('When the job first began applying rows (ISO 8601, UTC); null before'),
    finished: z.string().nullable().describe('When the job ended, done or failed (ISO 8601, UTC); null before'),
  })
  .meta({ id: 'PeopleImport', description: 'A bulk import of people and their regular donations' });
export type TPeopleImport = z.output<typeof ZPeopleImport>;

export const ZPeopleImportReason = z
  .object({ field: z.string().describe('The field (or `row`)'), message: z.string().describe('What is wrong, in English for staff, e.g. `The same e-mail is on line 3.`') })
  .meta({ id: 'PeopleImportReason' });

export const ZPeopleImportRow = z
  .object({
    row: z.number().int().describe('Line of the file (the header is line 1)'),
    outcome: z
      .enum(PEOPLE_IMPORT_OUTCOMES)
      .describe(`What the row does: ${PEOPLE_IMPORT_OUTCOMES.map((o) => `\`${o}\` ${OUTCOME_TEXT[o]}`).join('; ')}`),
    email: z.string().describe('E-mail address from the row, lower-cased; empty when the row has none'),
    first_name: z.string().describe('First name from the row (may be empty)'),
    last_name: z.string().describe('Last name from the row (may be empty)'),
    profile: z.number().int().nullable().describe('The person found (or, after the import, created)'),
    fills: z.array(z.string()).describe('For `update`: what the row adds to the person found (empty fields filled, note, telephone, unit, donation)'),
    donation: z.enum(['create', 'exists']).nullable().describe('The donor payment channel the row creates, or finds'),
    reasons: z.array(ZPeopleImportReason).describe('For `refuse`: why'),
  })
  .meta({ id: 'PeopleImportRow' });
export type TPeopleImportRow = z.output<typeof ZPeopleImportRow>;

export const ZPeopleImportRowsQuery = ZPageQuery.extend({
  id: field.pk({ description: 'Import id' }),
  outcome: z.enum(PEOPLE_IMPORT_OUTCOMES).optional().describe('Only rows with this outcome'),
});

export const ZPeopleImportStarted = z
  .object({ import: ZPeopleImport, job_id: z.string().describe('For `GET /api/admin/jobs/{id}/`') })
  .meta({ id: 'PeopleImportStarted' });

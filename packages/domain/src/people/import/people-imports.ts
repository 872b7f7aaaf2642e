import { hash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  importsPeople,
  MSG,
  PEOPLE_IMPORT_OUTCOMES,
  type PeopleImportOutcome,
  type TPeopleImport,
  type TPeopleImportMapping,
  type TPeopleImportRow,
} from '@klub/contracts';
import { ensureUnitAdministered, reach, scopePredicate, SUPERUSER_ACCESS, type StaffAccess } from '../../admin/unit-scope.js';
import { NotFound, ValidationError } from '../../errors.js';
import type { FileStore } from '../../files.js';
import { enqueue } from '../../outbox.js';
import { execute } from '../../sql.js';
import { openPeopleFile, type PeopleFile } from './read-file.js';
import { checkMapping, guessMapping, mappingForHeaders } from './row-values.js';
import { classifyRows, stageFile } from './stage.js';

/** The storage kind of uploaded people files (`people_imports/…`). */
export const PEOPLE_IMPORT_STORAGE_KIND = 'people_imports';

/** Reads a stored file back (the API's and the worker's `@klub/storage`). */
export interface FileReader {
  read(key: string): Promise<Uint8Array | undefined>;
}

export interface PeopleUpload {
  administrativeUnitId: number;
  file: { filename: string; data: Uint8Array };
  createdBy: number | null;
}

interface ImportRow {
  id: number;
  administrative_unit_id: number;
  file_key: string;
  file_name: string;
  file_hash: string;
  format: 'csv' | 'xlsx';
  encoding: string | null;
  delimiter: string | null;
  headers: string[];
  mapping: TPeopleImportMapping | null;
  status: TPeopleImport['status'];
  rows_total: number;
  rows_done: number;
  progress: number;
  counts: Partial<Record<PeopleImportOutcome, number>>;
  channels_created: number;
  error: string | null;
  created: Date;
  started: Date | null;
  finished: Date | null;
}

const iso = (d: Date | null) => (d === null ? null : new Date(d).toISOString());

function serialize(r: ImportRow): TPeopleImport {
  return {
    id: r.id,
    administrative_unit: r.administrative_unit_id,
    file_name: r.file_name,
    file_hash: r.file_hash,
    format: r.format,
    encoding: r.encoding,
    delimiter: r.delimiter,
    headers: r.headers,
    mapping: r.mapping,
    status: r.status,
    rows_total: r.rows_total,
    rows_done: r.rows_done,
    progress: r.progress,
    counts: Object.fromEntries(PEOPLE_IMPORT_OUTCOMES.map((o) => [o, r.counts[o] ?? 0])) as TPeopleImport['counts'],
    channels_created: r.channels_created,
    error: r.error,
    created: iso(r.created)!,
    started: iso(r.started),
    finished: iso(r.finished),
  };
}

/** An import reaches the unit it imports into (issue 17 §1): unit staff see their units' imports only. */
export const PEOPLE_IMPORT_REACH = reach.column('administrative_unit_id');

/** The import, if `access` reaches it: another unit's import is a 404, its existence not revealed. */
async function loadImport(em: EntityManager, id: number, access: StaffAccess): Promise<ImportRow> {
  const scope = scopePredicate(PEOPLE_IMPORT_REACH, access, 'i');
  const [row] = await execute<ImportRow[]>(em, `select * from person_import i where i.id = ?${scope ? ` and ${scope}` : ''}`, [id]);
  if (!row) throw new NotFound();
  return row;
}

/** An import as the API shows it (status, progress and counts included). */
export async function getPeopleImport(em: EntityManager, id: number, access: StaffAccess = SUPERUSER_ACCESS): Promise<TPeopleImport> {
  return serialize(await loadImport(em, id, access));
}

/** A page of the imports `access` reaches, newest first, with the total count. */
export async function listPeopleImports(
  em: EntityManager,
  access: StaffAccess,
  window: { limit: number; offset: number },
): Promise<[TPeopleImport[], number]> {
  const scope = scopePredicate(PEOPLE_IMPORT_REACH, access, 'i') ?? 'true';
  const rows = await execute<Array<ImportRow & { total: string }>>(
    em,
    `select i.*, count(*) over () as total from person_import i where ${scope} order by i.id desc limit ? offset ?`,
    [window.limit, window.offset],
  );
  let total = Number(rows[0]?.total ?? 0);
  if (rows.length === 0 && window.offset > 0) {
    const [c] = await execute<Array<{ n: string }>>(em, `select count(*) as n from person_import i where ${scope}`);
    total = Number(c?.n ?? 0);
  }
  return [rows.map(({ total: _t, ...r }) => serialize(r)), total];
}

/**
 * Store an uploaded people file and open its import: the headers are read (a file that is
 * neither CSV nor XLSX, or has no usable header row, is a 400 on `file`), and the mapping starts
 * as the unit's saved one (its columns this file has), else a guess from the header names.
 */
export async function createPeopleImport(
  em: EntityManager,
  upload: PeopleUpload,
  files: FileStore,
  access: StaffAccess = SUPERUSER_ACCESS,
): Promise<TPeopleImport> {
  const [unit] = await execute<Array<{ id: number }>>(em, 'select id from administrative_unit where id = ?', [upload.administrativeUnitId]);
  if (!unit) throw ValidationError.field('administrative_unit', MSG.invalidPk(String(upload.administrativeUnitId)));
  // Into a unit the caller does not administer: 403 (a create into another unit).
  ensureUnitAdministered(access, unit.id);
  const file = await openPeopleFile(upload.file.data);
  const [saved] = await execute<Array<{ mapping: TPeopleImportMapping }>>(
    em,
    'select mapping from person_import_mapping where administrative_unit_id = ?',
    [unit.id],
  );
  const mapping = saved ? mappingForHeaders(saved.mapping, file.headers) : guessMapping(file.headers);
  const key = await files.save(PEOPLE_IMPORT_STORAGE_KIND, upload.file.filename, upload.file.data);
  try {
    const [row] = await execute<ImportRow[]>(
      em,
      `insert into person_import (administrative_unit_id, created_by_id, file_key, file_name, file_hash, format, encoding, delimiter, headers, mapping)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb) returning *`,
      [
        unit.id,
        upload.createdBy,
        key,
        upload.file.filename.slice(0, 255),
        hash('sha256', upload.file.data, 'hex'),
        file.format,
        file.encoding,
        file.delimiter,
        JSON.stringify(file.headers),
        JSON.stringify(mapping),
      ],
    );
    return serialize(row!);
  } catch (err) {
    await files.remove(key);
    throw err;
  }
}

/** Mapping and dry run only before the job has started; after a failure the job is only started again (its applied rows stay). */
function assertEditable(row: ImportRow): void {
  if (row.status !== 'uploaded' && row.status !== 'staged') {
    throw ValidationError.nonField(`The import is ${row.status}; upload the file again for another import.`);
  }
}

/**
 * Set the column mapping: checked against the file's headers (the e-mail must be mapped), kept
 * on the import and saved as the unit's mapping for its next import. An earlier dry run is
 * dropped: it was of another mapping.
 */
export async function setPeopleImportMapping(
  em: EntityManager,
  id: number,
  mapping: TPeopleImportMapping,
  access: StaffAccess = SUPERUSER_ACCESS,
): Promise<TPeopleImport> {
  const row = await loadImport(em, id, access);
  assertEditable(row);
  checkMapping(mapping, row.headers);
  const value = JSON.stringify({ columns: mapping.columns, defaults: mapping.defaults ?? {} });
  await em.transactional(async (tx) => {
    await execute(tx, 'delete from person_import_row where person_import_id = ?', [id]);
    await execute(
      tx,
      `update person_import set mapping = ?::jsonb, status = 'uploaded', rows_total = 0, counts = '{}' where id = ?`,
      [value, id],
    );
    await execute(
      tx,
      `insert into person_import_mapping (administrative_unit_id, mapping) values (?, ?::jsonb)
       on conflict (administrative_unit_id) do update set mapping = excluded.mapping, updated = now()`,
      [row.administrative_unit_id, value],
    );
  });
  return getPeopleImport(em, id, access);
}

async function openStored(row: ImportRow, files: FileReader): Promise<PeopleFile> {
  const data = await files.read(row.file_key);
  if (!data) throw new NotFound(`The file of people import ${row.id} is missing (${row.file_key}).`);
  return openPeopleFile(data);
}

/**
 * The dry run: every row of the file staged through the mapping and compared with the database
 * in SQL (`classifyRows`); nothing but the staging rows is written. The rows are then read with
 * `listPeopleImportRows`, the counts are on the import.
 */
export async function dryRunPeopleImport(
  em: EntityManager,
  id: number,
  files: FileReader,
  access: StaffAccess = SUPERUSER_ACCESS,
): Promise<TPeopleImport> {
  const row = await loadImport(em, id, access);
  assertEditable(row);
  if (!row.mapping) throw ValidationError.field('columns', 'Set the column mapping first.');
  checkMapping(row.mapping, row.headers);
  const file = await openStored(row, files);
  await em.transactional(async (tx) => {
    await stageFile(tx, id, file, row.mapping!);
    await classifyRows(tx, id);
    await execute(tx, `update person_import set status = 'staged', error = null where id = ?`, [id]);
  });
  return getPeopleImport(em, id, access);
}

/** A page of an import's rows (in file order), optionally of one outcome; with the total count. */
export async function listPeopleImportRows(
  em: EntityManager,
  id: number,
  outcome: PeopleImportOutcome | undefined,
  window: { limit: number; offset: number },
  access: StaffAccess = SUPERUSER_ACCESS,
): Promise<[TPeopleImportRow[], number]> {
  await loadImport(em, id, access);
  const rows = await execute<Array<TPeopleImportRow & { total: string }>>(
    em,
    `select row_no as row, outcome, email, first_name, last_name, profile_id as profile, fills, channel as donation, reasons,
            count(*) over () as total
       from person_import_row
      where person_import_id = ? and (?::text is null or outcome = ?::text)
      order by row_no limit ? offset ?`,
    [id, outcome ?? null, outcome ?? null, window.limit, window.offset],
  );
  let total = Number(rows[0]?.total ?? 0);
  if (rows.length === 0 && window.offset > 0) {
    const [c] = await execute<Array<{ n: string }>>(
      em,
      'select count(*) as n from person_import_row where person_import_id = ? and (?::text is null or outcome = ?::text)',
      [id, outcome ?? null, outcome ?? null],
    );
    total = Number(c?.n ?? 0);
  }
  return [rows.map(({ total: _t, ...r }) => r), total];
}

/**
 * Queue the import (`imports.people`): staged first when no dry run was made. The status row
 * and the outbox message are written in one transaction, so the worker picks it up once committed.
 */
export async function startPeopleImport(
  em: EntityManager,
  id: number,
  files: FileReader,
  access: StaffAccess = SUPERUSER_ACCESS,
): Promise<{ import: TPeopleImport; jobId: string }> {
  const row = await loadImport(em, id, access);
  if (row.status === 'uploaded') await dryRunPeopleImport(em, id, files, access);
  else if (row.status !== 'staged' && row.status !== 'failed') {
    throw ValidationError.nonField(`The import is ${row.status}; upload the file again for another import.`);
  }
  const jobId = await em.transactional(async (tx) => {
    await execute(tx, `update person_import set status = 'queued', error = null where id = ?`, [id]);
    const message = enqueue(tx, importsPeople, { importId: id });
    await tx.flush();
    return `outbox-${message.id}`;
  });
  return { import: await getPeopleImport(em, id, access), jobId };
}

/** The job's last attempt failed: the status row says so (rows applied so far stay applied). */
export async function failPeopleImport(em: EntityManager, id: number, message: string): Promise<void> {
  await execute(em, `update person_import set status = 'failed', error = ?, finished = now() where id = ?`, [message, id]);
}

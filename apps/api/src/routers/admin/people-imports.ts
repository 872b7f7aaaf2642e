import type { TRPCRouterRecord } from '@trpc/server';
import {
  ZPage,
  ZPeopleImport,
  ZPeopleImportIdInput,
  ZPeopleImportListQuery,
  ZPeopleImportMappingInput,
  ZPeopleImportRow,
  ZPeopleImportRowsQuery,
  ZPeopleImportStarted,
  ZPeopleImportUploadInput,
} from '@klub/contracts';
import {
  createPeopleImport,
  dryRunPeopleImport,
  getPeopleImport,
  listPeopleImportRows,
  listPeopleImports,
  setPeopleImportMapping,
  startPeopleImport,
} from '@klub/domain';
import { paginate } from '../../rest/pagination.js';
import { fileStorageFor } from '../../storage/file-storage.js';
import { rest, staffProcedure } from '../../trpc/procedures.js';
import { tags } from './crud.js';

const PATH = '/admin/people-imports/';

/**
 * `/api/admin/people-imports/` (issue 17 §3): upload a CSV or XLSX of people, map its columns,
 * look at the dry run, start the import and follow it. Staff import into the units they
 * administer (another unit: 403) and see those units' imports only (another unit's: 404).
 */
export const peopleImportsRouter = {
  list: staffProcedure
    .meta(rest('GET', PATH, { tags, summary: "The imports of the caller's units, newest first", paginated: true }))
    .input(ZPeopleImportListQuery)
    .output(ZPage(ZPeopleImport))
    .query(({ ctx }) => paginate(ctx, (w) => listPeopleImports(ctx.em, ctx.access, w))),

  create: staffProcedure
    .meta(
      rest('POST', PATH, {
        tags,
        summary: 'Upload a file of people to import',
        description:
          'Multipart `file` (CSV in UTF-8 or windows-1250 with `;` or `,`, or XLSX; first row = headers; at most 20 MB) and ' +
          "`administrative_unit` (the unit the people join; one the caller administers, else 403). Answers 201 with the import: its headers and a mapping (the unit's saved one, " +
          'else guessed from the header names). Nothing is imported yet.',
        successStatus: 201,
      }),
    )
    .input(ZPeopleImportUploadInput)
    .output(ZPeopleImport)
    .mutation(({ ctx, input }) =>
      createPeopleImport(
        ctx.em,
        { administrativeUnitId: input.administrative_unit, file: input.file, createdBy: ctx.user.id },
        fileStorageFor(ctx.env),
        ctx.access,
      ),
    ),

  mapping: staffProcedure
    .meta(
      rest('PUT', `${PATH}{id}/mapping/`, {
        tags,
        summary: 'Set the column mapping of an import',
        description:
          '`columns` maps fields to the file’s headers (`email` is required: people are found by it); `defaults` gives values for rows ' +
          'that have none (e.g. the money account and event of the donations). Saved as the unit’s mapping for its next import. ' +
          'Drops an earlier dry run.',
      }),
    )
    .input(ZPeopleImportMappingInput)
    .output(ZPeopleImport)
    .mutation(({ ctx, input }) => setPeopleImportMapping(ctx.em, input.id, { columns: input.columns, defaults: input.defaults }, ctx.access)),

  dryRun: staffProcedure
    .meta(
      rest('POST', `${PATH}{id}/dry-run/`, {
        tags,
        summary: 'Dry run of an import',
        description:
          'Reads every row through the mapping and compares it with the database; writes nothing but the rows to look at. ' +
          'The counts per outcome are in the answer; the rows at `GET {id}/rows/`.',
      }),
    )
    .input(ZPeopleImportIdInput)
    .output(ZPeopleImport)
    .mutation(({ ctx, input }) => dryRunPeopleImport(ctx.em, input.id, fileStorageFor(ctx.env), ctx.access)),

  rows: staffProcedure
    .meta(
      rest('GET', `${PATH}{id}/rows/`, {
        tags,
        summary: 'The rows of an import and what each does',
        description:
          '`create` (a new person), `update` (a person found by e-mail gets what they lack: `fills`), `unchanged`, `refuse` ' +
          '(with `reasons`), `skip` (imported from the same file before). After the import, what was done. In file order.',
        paginated: true,
      }),
    )
    .input(ZPeopleImportRowsQuery)
    .output(ZPage(ZPeopleImportRow))
    .query(({ ctx, input }) => paginate(ctx, (w) => listPeopleImportRows(ctx.em, input.id, input.outcome, w, ctx.access))),

  start: staffProcedure
    .meta(
      rest('POST', `${PATH}{id}/start/`, {
        tags,
        summary: 'Start an import',
        description:
          'Queues the `imports.people` job (a dry run is made first if there was none) and answers 202. Follow `GET {id}/` for ' +
          '`status`, `progress` and the counts. Importing the same file again creates nothing new.',
        successStatus: 202,
      }),
    )
    .input(ZPeopleImportIdInput)
    .output(ZPeopleImportStarted)
    .mutation(async ({ ctx, input }) => {
      const started = await startPeopleImport(ctx.em, input.id, fileStorageFor(ctx.env), ctx.access);
      return { import: started.import, job_id: started.jobId };
    }),

  retrieve: staffProcedure
    .meta(rest('GET', `${PATH}{id}/`, { tags, summary: 'An import: status, progress and counts' }))
    .input(ZPeopleImportIdInput)
    .output(ZPeopleImport)
    .query(({ ctx, input }) => getPeopleImport(ctx.em, input.id, ctx.access)),
} satisfies TRPCRouterRecord;

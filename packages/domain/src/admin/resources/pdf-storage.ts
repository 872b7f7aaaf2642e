import { adminPdfStorage, type TUploadedFile } from '@klub/contracts';
import { PdfStorage } from '@klub/db';
import { ValidationError } from '../../errors.js';
import { defineAdminEntity, type AdminFileStore } from '../resource.js';
import { reach } from '../unit-scope.js';

/** The storage folder of PDFs (domain.md §6.1: `pdf_storage/…`). */
export const PDF_STORAGE_FOLDER = 'pdf_storage';

const isPdf = (data: Uint8Array) => Buffer.from(data.subarray(0, 5)).toString('latin1') === '%PDF-';

const removeStored = (files: AdminFileStore, key: unknown) => async () => {
  if (typeof key === 'string' && key) await files.remove(key);
};

/**
 * PDFs for paying members: the upload must be a PDF; the storage picks its key. The file is
 * written before the row and removed again if the write fails; a replaced or deleted row's
 * file goes once the change is committed.
 */
export const pdfStorageAdmin = defineAdminEntity({
  schemas: adminPdfStorage,
  entity: PdfStorage,
  label: 'PDF',
  units: reach.column('administrative_unit_id'),
  search: ['name', 'topic'],
  defaults: (ctx) => ({ author: ctx.actor.id }),
  custom: {
    pdf_file: {
      write: async (value, { entity, ctx, scope, isCreate }) => {
        const file = value as TUploadedFile;
        if (!isPdf(file.data)) throw ValidationError.field('pdf_file', 'Upload a valid PDF file.');
        const previous = isCreate ? null : entity.pdfFile;
        const key = await ctx.files.save(PDF_STORAGE_FOLDER, file.filename, file.data);
        scope.onRollback(removeStored(ctx.files, key));
        if (previous) scope.afterCommit(removeStored(ctx.files, previous));
        entity.pdfFile = key;
      },
    },
  },
  beforeDelete: ({ entity, ctx, scope }) => {
    scope.afterCommit(removeStored(ctx.files, entity.pdfFile));
  },
});

import { randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, normalize } from 'node:path';
import { adminPdfStorage, type TUploadedFile } from '@klub/contracts';
import { PdfStorage } from '@klub/db';
import { ValidationError } from '../../errors.js';
import { defineAdminEntity } from '../resource.js';

/** Where PDFs live under STORAGE_DIR (domain.md §6.1: `pdf_storage/…`). */
export const PDF_STORAGE_DIR = 'pdf_storage';

const isPdf = (data: Uint8Array) => Buffer.from(data.subarray(0, 5)).toString('latin1') === '%PDF-';

/** The absolute path of a stored file; refuses paths that would leave the storage directory. */
export function storedFilePath(storageDir: string, relative: string): string {
  const clean = normalize(relative);
  if (clean.startsWith('..') || clean.startsWith('/')) throw new Error(`refusing storage path ${relative}`);
  return join(storageDir, clean);
}

/**
 * Store an uploaded PDF under a name the server chooses (the client's file name is never
 * used as a path) and return its path relative to `storageDir`.
 */
export async function storePdf(storageDir: string, file: TUploadedFile, field = 'pdf_file'): Promise<string> {
  if (!isPdf(file.data)) throw ValidationError.field(field, 'Upload a valid PDF file.');
  const relative = `${PDF_STORAGE_DIR}/${randomUUID()}.pdf`;
  const absolute = storedFilePath(storageDir, relative);
  await mkdir(dirname(absolute), { recursive: true });
  await writeFile(absolute, file.data, { flag: 'wx' });
  return relative;
}

const removeStored = (storageDir: string, relative: unknown) => async () => {
  if (typeof relative === 'string' && relative) await rm(storedFilePath(storageDir, relative), { force: true });
};

/** PDFs for paying members: the file is written before the row and removed if the write fails. */
export const pdfStorageAdmin = defineAdminEntity({
  schemas: adminPdfStorage,
  entity: PdfStorage,
  label: 'PDF',
  search: ['name', 'topic'],
  defaults: (ctx) => ({ author: ctx.actor.id }),
  custom: {
    pdf_file: {
      write: async (value, { entity, ctx, scope, isCreate }) => {
        const previous = isCreate ? null : entity.pdfFile;
        const relative = await storePdf(ctx.storageDir, value as TUploadedFile);
        scope.onRollback(removeStored(ctx.storageDir, relative));
        if (previous) scope.afterCommit(removeStored(ctx.storageDir, previous));
        entity.pdfFile = relative;
      },
    },
  },
  beforeDelete: ({ entity, ctx, scope }) => {
    scope.afterCommit(removeStored(ctx.storageDir, entity.pdfFile));
  },
});

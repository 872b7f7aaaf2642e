import { z } from 'zod';
import { field } from '../fields.js';

export const ZPdfListInput = z.object({ related_id: field.integer({ description: 'An external id (e.g. an article id)' }) });
export const ZPdfFileInput = z.object({ id: field.integer({ description: 'PDF id' }) });

/** An item of `GET /api/pdf_storage/{related_id}/list/` (api.md §10.1). */
export const ZPdfListItem = z
  .object({
    id: z.number().int().describe('PDF id'),
    name: z.string().describe('Name'),
    topic: z.string().describe('Topic'),
    author: z.string().nullable().describe('Display name of the author, null when none (D34)'),
    created: z.string().nullable().describe('Creation time (ISO 8601 with the Europe/Prague offset)'),
  })
  .meta({ id: 'PdfListItem' });
export type TPdfListItem = z.infer<typeof ZPdfListItem>;

export const ZPdfDownload = z
  .object({ download_url: z.string().describe('Where to download the file; a short-lived signed URL') })
  .meta({ id: 'PdfDownload' });

export const ZPdfRelatedIds = z
  .object({ ids: z.array(z.number().int()).describe('Distinct related ids of all PDFs, in no particular order') })
  .meta({ id: 'PdfRelatedIds' });

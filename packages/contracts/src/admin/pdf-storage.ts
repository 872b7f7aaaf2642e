import { z } from 'zod';
import { a, defineAdminResource } from './define.js';

/** `/api/admin/pdf-storage/` (domain.md §6.1): the PDF arrives as a multipart upload. */
export const adminPdfStorage = defineAdminResource(
  'pdf-storage',
  'PdfStorage',
  {
    id: a.id(),
    name: a.text('Name', { max: 200 }),
    topic: a.text('Topic', { max: 200 }),
    author: a.fk('Profile id of the author', { nullable: true }),
    administrative_unit: a.fk('Administrative unit id'),
    related_ids: a.intList('External ids (e.g. article ids) the PDF belongs to'),
    pdf_file: a.file('The PDF', { maxBytes: 20_000_000 }),
    created: a.readOnly(z.string().nullable().describe('Created (read-only)'), 'datetime'),
  },
  { filters: { administrative_unit: 'pk', author: 'pk' }, ordering: ['id', 'name', 'created'], search: 'name, topic' },
);

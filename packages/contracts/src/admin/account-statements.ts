import { z } from 'zod';
import { a, defineAdminResource } from './define.js';
import { ACCOUNT_STATEMENT_STATUS, ACCOUNT_STATEMENT_TYPE } from '../choices.js';

const ZStatementError = z
  .object({
    line: z.number().int().nullable().optional().describe('Line of the file, when known'),
    message: z.string().describe('What went wrong'),
  })
  .catchall(z.unknown())
  .meta({ id: 'AdminAccountStatementError' });

/**
 * `/api/admin/account-statements/` (domain.md §3.5, operations.md §3): imported bank
 * statements. Read-only here; uploads belong to the worker's import job.
 */
export const adminAccountStatements = defineAdminResource(
  'account-statements',
  'AccountStatement',
  {
    id: a.id(),
    type: a.readOnly(z.enum(ACCOUNT_STATEMENT_TYPE).describe('Statement format'), 'choice'),
    administrative_unit: a.readOnly(z.number().int().nullable().describe('Administrative unit id (pairing scope)'), 'fk'),
    import_date: a.readOnly(z.string().describe('Last change of the import'), 'datetime'),
    csv_file: a.readOnly(z.string().describe('Stored file path')),
    date_from: a.readOnly(z.string().nullable().describe('Period start (YYYY-MM-DD)'), 'date'),
    date_to: a.readOnly(z.string().nullable().describe('Period end (YYYY-MM-DD)'), 'date'),
    status: a.readOnly(z.enum(ACCOUNT_STATEMENT_STATUS).describe('queued, running, done or failed'), 'choice'),
    progress: a.readOnly(z.number().int().describe('Progress, 0–100')),
    payments_total: a.readOnly(z.number().int().describe('Payments read from the file')),
    payments_paired: a.readOnly(z.number().int().describe('Payments paired to a donor channel')),
    errors: a.readOnly(z.array(ZStatementError).describe('Problems met during the import'), 'json'),
    pair_log: a.readOnly(z.string().describe('One line per unpaired payment')),
  },
  { filters: { administrative_unit: 'pk', type: 'text', status: 'text' }, ordering: ['id', 'import_date'], search: 'file name, pair log' },
);

import { z } from 'zod';
import { ZIdInput } from '../frontend/events.js';
import { ZPageQuery } from '../pagination.js';
import { adminAccountStatements } from './account-statements.js';

/** `GET /api/admin/account-statements/{id}/unpaired-payments/`: the statement and a page. */
export const ZStatementPaymentsQuery = ZPageQuery.extend(ZIdInput.shape);

/** `POST /api/admin/account-statements/{id}/pair/`: what the re-run did, and the statement after it. */
export const ZStatementPairResult = z
  .object({
    considered: z.number().int().describe('Payments that were unpaired before the run'),
    paired: z.number().int().describe('Of those, paired by this run'),
    statement: adminAccountStatements.ZOutput,
  })
  .meta({ id: 'AdminStatementPairResult' });
export type TStatementPairResult = z.output<typeof ZStatementPairResult>;

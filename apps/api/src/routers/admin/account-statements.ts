import { adminAccountStatements, ZStatementUploadInput } from '@klub/contracts';
import { accountStatementsAdmin, adminRetrieve, createStatementImport, ensureUnitAdministered } from '@klub/domain';
import { fileStorageFor } from '../../storage/file-storage.js';
import { rest, staffProcedure } from '../../trpc/procedures.js';
import { readOnlyRouter, tags } from './crud.js';

/**
 * `/api/admin/account-statements/` (operations.md §3): list and read statements, and upload a
 * bank statement (into a unit the caller administers), which queues `payments.import-statement` and answers 202 with the statement.
 */
export const accountStatementsRouter = {
  ...readOnlyRouter(accountStatementsAdmin),
  create: staffProcedure
    .meta(
      rest('POST', '/admin/account-statements/', {
        tags,
        summary: 'Upload a bank statement and queue its import',
        description:
          'Multipart `file` (at most 10 MB), `type` (`account` Fio, `account_cs`, `account_kb`, `account_csob`, `account_sberbank`, `account_raiffeisenbank`) and `administrative_unit`. Answers 202 with the statement (`status: queued`); follow `GET {id}/` for `status`, `progress`, `payments_total`, `payments_paired` and `errors`.',
        successStatus: 202,
      }),
    )
    .input(ZStatementUploadInput)
    .output(adminAccountStatements.ZOutput)
    .mutation(async ({ ctx, input }) => {
      ensureUnitAdministered(ctx.access, input.administrative_unit);
      const { accountStatementId } = await createStatementImport(
        ctx.em,
        { type: input.type, administrativeUnitId: input.administrative_unit, file: input.file },
        fileStorageFor(ctx.env),
      );
      return (await adminRetrieve(ctx.em.fork(), accountStatementsAdmin, accountStatementId, ctx.access));
    }),
};

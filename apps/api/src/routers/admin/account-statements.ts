import { adminAccountStatements, adminPayments, ZIdInput, ZPage, ZStatementPairResult, ZStatementPaymentsQuery, ZStatementUploadInput } from '@klub/contracts';
import { accountStatementsAdmin, adminList, adminRetrieve, createStatementImport, ensureUnitAdministered, paymentsAdmin, repairStatement } from '@klub/domain';
import { paginate } from '../../rest/pagination.js';
import { fileStorageFor } from '../../storage/file-storage.js';
import { rest, staffProcedure, superuserProcedure } from '../../trpc/procedures.js';
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

  // The back office's pairing screen (issue 18): what is left to pair by hand, and the re-run.
  unpairedPayments: staffProcedure
    .meta(
      rest('GET', '/admin/account-statements/{id}/unpaired-payments/', {
        tags,
        summary: 'The payments of a statement not paired to a donor channel',
        description: 'Ordered by id. Pair one by hand with `PATCH /api/admin/payments/{id}/` (`user_donor_payment_channel`).',
        paginated: true,
      }),
    )
    .input(ZStatementPaymentsQuery)
    .output(ZPage(adminPayments.ZOutput))
    .query(async ({ ctx, input }) => {
      await adminRetrieve(ctx.em, accountStatementsAdmin, input.id, ctx.access);
      return paginate(ctx, (w) =>
        adminList(ctx.em, paymentsAdmin, { filters: { account_statement: input.id, user_donor_payment_channel: null }, ordering: [] }, w, ctx.access),
      );
    }),

  pair: superuserProcedure
    .meta(
      rest('POST', '/admin/account-statements/{id}/pair/', {
        tags,
        summary: 'Pair the unpaired payments of a statement again',
        description:
          'Runs the pairing rule (jobs.md §5.1) on the statement’s still-unpaired payments, rewrites `payments_paired` and `pair_log`, and recomputes the paired channels’ totals and lateness.',
      }),
    )
    .input(ZIdInput)
    .output(ZStatementPairResult)
    .mutation(async ({ ctx, input }) => {
      await adminRetrieve(ctx.em, accountStatementsAdmin, input.id, ctx.access);
      const result = await repairStatement(ctx.em, input.id);
      return { ...result, statement: await adminRetrieve(ctx.em.fork(), accountStatementsAdmin, input.id, ctx.access) };
    }),
};

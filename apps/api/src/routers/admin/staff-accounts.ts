import type { TRPCRouterRecord } from '@trpc/server';
import { ZPage, ZStaffAccount, ZStaffAccountsQuery, ZStaffGrantInput, ZStaffRevokeResult } from '@klub/contracts';
import { grantStaff, listStaffAccounts, revokeStaff, staffAccountOf, ValidationError, type StaffGrant } from '@klub/domain';
import { paginate } from '../../rest/pagination.js';
import { rest, superuserProcedure } from '../../trpc/procedures.js';
import { adminContext, tags } from './crud.js';

const PATH = '/admin/staff-accounts/';

const grantOf = (input: { administrative_unit?: number; all_units?: boolean }): StaffGrant | null =>
  input.all_units ? { allUnits: true } : input.administrative_unit !== undefined ? { unitId: input.administrative_unit } : null;

/**
 * `/api/admin/staff-accounts/` (issue 17 §1): who administers what, and the grants, as
 * `klub staff grant|revoke|list` does them (each change in the audit log). Superusers only:
 * staff accounts are configuration.
 */
export const staffAccountsRouter = {
  list: superuserProcedure
    .meta(rest('GET', PATH, { tags, summary: 'Staff accounts with their role and administered units', paginated: true }))
    .input(ZStaffAccountsQuery)
    .output(ZPage(ZStaffAccount))
    .query(({ ctx }) =>
      paginate(ctx, async (w) => {
        const all = await listStaffAccounts(ctx.em);
        return [all.slice(w.offset, w.offset + w.limit), all.length];
      }),
    ),

  grant: superuserProcedure
    .meta(
      rest('POST', `${PATH}grant/`, {
        tags,
        summary: 'Let a profile administer one unit more, or every unit',
        description: '`administrative_unit` (unit staff) or `all_units: true` (organisation staff); the profile becomes staff.',
      }),
    )
    .input(ZStaffGrantInput)
    .output(ZStaffAccount)
    .mutation(async ({ ctx, input }) => {
      const grant = grantOf(input);
      if (!grant) throw ValidationError.nonField('Give administrative_unit or all_units.');
      await grantStaff(ctx.em, { id: input.profile }, grant, adminContext(ctx).actor);
      return (await staffAccountOf(ctx.em, input.profile))!;
    }),

  revoke: superuserProcedure
    .meta(
      rest('POST', `${PATH}revoke/`, {
        tags,
        summary: 'Take a unit, or every unit, away from a staff account, or end it',
        description: 'Without `administrative_unit` and `all_units` the staff account ends (superusers stay superusers).',
      }),
    )
    .input(ZStaffGrantInput)
    .output(ZStaffRevokeResult)
    .mutation(async ({ ctx, input }) => {
      await revokeStaff(ctx.em, { id: input.profile }, grantOf(input), adminContext(ctx).actor);
      return { account: await staffAccountOf(ctx.em, input.profile) };
    }),
} satisfies TRPCRouterRecord;

import type { TRPCRouterRecord } from '@trpc/server';
import { ZDuplicatePair, ZDuplicatesQuery, ZMergeInput, ZMergeResult, ZPage, ZRetentionCandidate, ZRetentionQuery, ZRetentionRule, field } from '@klub/contracts';
import { findDuplicateProfiles, mergeProfiles, previewMerge, profilesAdmin, retentionCandidates, savedSegmentFilter } from '@klub/domain';
import { paginate } from '../../rest/pagination.js';
import { rest, staffProcedure } from '../../trpc/procedures.js';
import { adminContext, crudRouter, listProcedure, tags } from './crud.js';
import { dataProtectionRouter } from './data-protection.js';

/**
 * Profiles: the DRF router shape plus the duplicate finder and the merge (issue 17 §2). The
 * two come first: routes match in router order, and `/profiles/duplicates/` must not be read
 * as the profile with id "duplicates".
 */
// Both reach only the people the caller administers (issue 17 §1).
export const profilesRouter = {
  duplicates: staffProcedure
    .meta(
      rest('GET', '/admin/profiles/duplicates/', {
        tags,
        summary: 'Probable duplicate profiles',
        description:
          'Pairs of profiles of the same kind sharing a normalised e-mail (trimmed, lower-case; `email` or any profile e-mail), ' +
          'a phone number (digits only, a +420 prefix ignored), or a first and last name (case and accents ignored) together with ' +
          'the birth date or the city. Each pair once, lower id first, with every reason; ordered by the two ids. ' +
          'Unit staff see the pairs whose both profiles belong to their units. Join a pair with `POST /api/admin/profiles/merge/`.',
        paginated: true,
      }),
    )
    .input(ZDuplicatesQuery)
    .output(ZPage(ZDuplicatePair))
    .query(({ ctx }) => paginate(ctx, (w) => findDuplicateProfiles(ctx.em, w, ctx.access))),

  // Unit staff: the people of their units only (the rule of every data-protection procedure).
  retentionCandidates: staffProcedure
    .meta(
      rest('GET', '/admin/profiles/retention-candidates/', {
        tags,
        summary: 'Candidates of the retention rule',
        description:
          'People (not staff, not erased) with no payment, interaction, sign-in or creation in the last `years` years ' +
          '(default RETENTION_INACTIVE_YEARS), longest inactive first, for staff to review and erase one by one ' +
          '(`POST /api/admin/profiles/{id}/erasure/`). Nothing is erased by listing. Unit staff see the people of their units.',
        paginated: true,
      }),
    )
    .input(ZRetentionQuery)
    .output(ZPage(ZRetentionCandidate))
    .query(({ ctx, input }) => paginate(ctx, (w) => retentionCandidates(ctx.em, input.years ?? ctx.env.RETENTION_INACTIVE_YEARS, w, ctx.access))),

  retentionRule: staffProcedure
    .meta(
      rest('GET', '/admin/profiles/retention-rule/', {
        tags,
        summary: 'The retention rule',
        description: 'The default of `years` of `GET /api/admin/profiles/retention-candidates/` (the RETENTION_INACTIVE_YEARS setting).',
      }),
    )
    .output(ZRetentionRule)
    .query(({ ctx }) => ({ years: ctx.env.RETENTION_INACTIVE_YEARS })),

  merge: staffProcedure
    .meta(
      rest('POST', '/admin/profiles/merge/', {
        tags,
        summary: 'Merge two profiles',
        description:
          'In one transaction, every record that refers to `other` (every foreign key to profile in the database) is moved to ' +
          '`survivor`; what the survivor already has is united instead (the same unit membership, preference, role or team place ' +
          'is kept once; the other’s primary e-mail and phone become secondary when the survivor has one; the same phone number ' +
          'spelt differently is kept once); the note is appended. The other profile’s full record is written to the audit log ' +
          '(action `merge` on the survivor, `merged-into` on the other), then the other profile is deleted. ' +
          '400 when both ids are the same, the kinds differ or `other` is the caller; 404 when either does not exist or is not ' +
          'the caller’s to administer; 403 for a staff account unless the caller is a superuser.',
        errorResponses: { 404: 'No profile with one of the ids' },
      }),
    )
    .input(ZMergeInput)
    .output(ZMergeResult)
    .mutation(({ ctx, input }) =>
      (input.dry_run ? previewMerge : mergeProfiles)(ctx.em, input.survivor, input.other, adminContext(ctx)),
    ),

  ...crudRouter(profilesAdmin),
  list: listProcedure(profilesAdmin, {
    query: { segment: field.integer({ description: 'Only the members of this saved segment (an id)' }).optional() },
    description: '`segment`: only the people a saved segment selects now (issue 19).',
    where: async (ctx, query) => (typeof query.segment === 'number' ? savedSegmentFilter(ctx.em, query.segment) : undefined),
  }),
  // After the CRUD shape: its `retrieve` (which records who looked) replaces the generic one, in place.
  ...dataProtectionRouter,
} satisfies TRPCRouterRecord;
